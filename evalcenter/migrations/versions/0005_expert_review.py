"""Expert review: reviewer profiles and relations, assignments with the solver's pins and
bans, reviews, decisions, objections, calendar days, in-site messages, password resets;
round settings for review and publicity; round states deciding, publicity and finished.

Revision 0005 (after 0004), 2026-11-25. Written compactly by hand: every table has an
integer id, foreign keys named fk_<table>_<column>_<referred table>.
"""
import sqlalchemy as sa
from alembic import op

import evalcenter.core.types

revision, down_revision = '0005', '0004'
branch_labels = depends_on = None

TIME = evalcenter.core.types.UTCDateTime(timezone=True)
INDEXES = {  # table: [(name, columns)]
    'decisions': [('ix_decisions_round_id', ['round_id'])],
    'notifications': [('ix_notifications_user_read', ['user_id', 'read_at', 'id'])],
    'objections': [('ix_objections_round_id', ['round_id'])],
    'password_resets': [('ix_password_resets_user_id', ['user_id'])],
    'review_assignments': [('ix_review_assignments_application_id', ['application_id']),
                           ('ix_review_assignments_reviewer_status', ['reviewer_id', 'status']),
                           ('ix_review_assignments_round_id', ['round_id'])],
    'reviewer_relations': [('ix_reviewer_relations_organisation_uscc', ['organisation_uscc']),
                           ('ix_reviewer_relations_reviewer_id', ['reviewer_id'])],
    'reviews': [('ix_reviews_application_id', ['application_id'])],
}


def _c(name, type_, nullable=False):
    return sa.Column(name, type_, nullable=nullable)


def _ref(table, column, referred, ondelete, nullable=False):
    """An integer column referring to ``referred.id``."""
    fk = sa.ForeignKey(f'{referred}.id', name=f'fk_{table}_{column}_{referred}', ondelete=ondelete)
    return sa.Column(column, sa.Integer(), fk, nullable=nullable)


def _table(name, *columns, unique=()):
    constraints = [sa.UniqueConstraint(*cols, name=f'uq_{name}_{cols[0]}') for cols in unique]
    op.create_table(name, sa.Column('id', sa.Integer(), nullable=False), *columns,
                    sa.PrimaryKeyConstraint('id', name=f'pk_{name}'), *constraints)
    for index, cols in INDEXES.get(name, ()):
        op.create_index(index, name, cols)


def upgrade():
    t = 'assignment_constraints'
    _table(t, _ref(t, 'round_id', 'evaluation_rounds', 'CASCADE'),
           _ref(t, 'application_id', 'applications', 'CASCADE'), _ref(t, 'reviewer_id', 'users', 'CASCADE'),
           _c('kind', sa.String(8)), _ref(t, 'created_by_id', 'users', 'SET NULL', True), _c('created_at', TIME),
           unique=[('round_id', 'application_id', 'reviewer_id')])
    t = 'calendar_days'
    _table(t, _c('day', sa.Date()), _c('working', sa.Boolean()), _c('name', sa.String(100)),
           _ref(t, 'created_by_id', 'users', 'SET NULL', True), _c('created_at', TIME), unique=[('day',)])
    t = 'decisions'
    _table(t, _ref(t, 'round_id', 'evaluation_rounds', 'CASCADE'), _ref(t, 'application_id', 'applications', 'CASCADE'),
           _c('outcome', sa.String(16)), _c('rationale', sa.Text()), _ref(t, 'decided_by_id', 'users', 'SET NULL', True),
           _c('decided_at', TIME), _c('version', sa.Integer()), unique=[('application_id',)])
    t = 'notifications'
    _table(t, _ref(t, 'user_id', 'users', 'CASCADE'), _c('kind', sa.String(40)), _c('params', sa.JSON()),
           _c('link', sa.String(255), True), _c('created_at', TIME), _c('read_at', TIME, True))
    t = 'objections'
    _table(t, _ref(t, 'round_id', 'evaluation_rounds', 'CASCADE'), _ref(t, 'application_id', 'applications', 'CASCADE'),
           _c('name', sa.String(100)), _c('contact', sa.String(200)), _c('text', sa.Text()), _c('source', sa.String(8)),
           _c('status', sa.String(16)), _c('created_at', TIME), _ref(t, 'recorded_by_id', 'users', 'SET NULL', True),
           _c('outcome', sa.Text(), True), _ref(t, 'resolved_by_id', 'users', 'SET NULL', True),
           _c('resolved_at', TIME, True), _c('version', sa.Integer()))
    t = 'password_resets'
    _table(t, _ref(t, 'user_id', 'users', 'CASCADE'), _c('token_sha256', sa.String(64)), _c('created_at', TIME),
           _c('expires_at', TIME), _c('used_at', TIME, True), unique=[('token_sha256',)])
    t = 'review_assignments'
    _table(t, _ref(t, 'round_id', 'evaluation_rounds', 'CASCADE'), _ref(t, 'application_id', 'applications', 'CASCADE'),
           _ref(t, 'reviewer_id', 'users', 'RESTRICT'), _c('status', sa.String(16)), _c('source', sa.String(16)),
           _c('created_at', TIME), _ref(t, 'created_by_id', 'users', 'SET NULL', True), _c('declared_at', TIME, True),
           _c('recused_at', TIME, True), _c('recusal_reason', sa.Text(), True),
           unique=[('application_id', 'reviewer_id')])
    t = 'reviewer_profiles'
    _table(t, _ref(t, 'user_id', 'users', 'CASCADE'), _c('fields', sa.JSON()), _c('employer_name', sa.String(200)),
           _c('employer_uscc', sa.String(18), True), _c('max_load', sa.Integer(), True), _c('updated_at', TIME),
           _c('version', sa.Integer()), unique=[('user_id',)])
    t = 'reviewer_relations'
    _table(t, _ref(t, 'reviewer_id', 'users', 'CASCADE'), _c('organisation_uscc', sa.String(18)),
           _c('organisation_name', sa.String(200)), _c('kind', sa.String(24)), _c('reason', sa.Text()),
           _ref(t, 'created_by_id', 'users', 'SET NULL', True), _c('created_at', TIME),
           unique=[('reviewer_id', 'organisation_uscc', 'kind')])
    t = 'reviews'
    _table(t, _ref(t, 'assignment_id', 'review_assignments', 'CASCADE'),
           _ref(t, 'application_id', 'applications', 'CASCADE'), _ref(t, 'reviewer_id', 'users', 'RESTRICT'),
           _c('scores', sa.JSON()), _c('comments', sa.JSON()), _c('opinion', sa.Text()),
           _c('total', sa.Numeric(precision=6, scale=2), True), _c('status', sa.String(16)),
           _c('submitted_at', TIME, True), _c('created_at', TIME), _c('updated_at', TIME), _c('version', sa.Integer()),
           unique=[('application_id', 'reviewer_id'), ('assignment_id',)])
    with op.batch_alter_table('evaluation_rounds', schema=None) as batch_op:
        for column in (
            sa.Column('reviewers_per_application', sa.Integer(), nullable=False, server_default='5'),
            _c('review_deadline', TIME, True), _c('quota', sa.Integer(), True),
            sa.Column('publicity_days', sa.Integer(), nullable=False, server_default='5'),
            sa.Column('disagreement_threshold', sa.Numeric(precision=6, scale=2), nullable=False,
                      server_default='20'),
            _c('publicity_starts_on', sa.Date(), True), _c('publicity_ends_on', sa.Date(), True),
            _c('finished_at', TIME, True),
        ):
            batch_op.add_column(column)
    op.execute("UPDATE evaluation_rounds SET status = 'deciding' WHERE status = 'decided'")
    op.execute("UPDATE evaluation_rounds SET status = 'finished' WHERE status = 'published'")


def downgrade():
    op.execute("UPDATE evaluation_rounds SET status = 'decided' WHERE status IN ('deciding', 'publicity')")
    op.execute("UPDATE evaluation_rounds SET status = 'published' WHERE status = 'finished'")
    with op.batch_alter_table('evaluation_rounds', schema=None) as batch_op:
        for name in ('finished_at', 'publicity_ends_on', 'publicity_starts_on', 'disagreement_threshold',
                     'publicity_days', 'quota', 'review_deadline', 'reviewers_per_application'):
            batch_op.drop_column(name)
    for table in ('reviews', 'reviewer_relations', 'reviewer_profiles', 'review_assignments', 'password_resets',
                  'objections', 'notifications', 'decisions', 'calendar_days', 'assignment_constraints'):
        for index, _ in INDEXES.get(table, ()):
            op.drop_index(index, table_name=table)
        op.drop_table(table)
