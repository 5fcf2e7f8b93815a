"""Documents and background jobs: issued certificates (serial per round, verification token,
status, supersession), issued evaluation reports, and jobs with their progress.

Revision 0006 (after 0005), 2026-11-26. Written compactly by hand, as 0005.
"""
import sqlalchemy as sa
from alembic import op

import evalcenter.core.types

revision, down_revision = '0006', '0005'
branch_labels = depends_on = None

TIME = evalcenter.core.types.UTCDateTime(timezone=True)


def _c(name, type_, nullable=False):
    return sa.Column(name, type_, nullable=nullable)


def _ref(table, column, referred, ondelete, nullable=False):
    fk = sa.ForeignKey(f'{referred}.id', name=f'fk_{table}_{column}_{referred}', ondelete=ondelete)
    return sa.Column(column, sa.Integer(), fk, nullable=nullable)


def _table(name, *columns):
    op.create_table(name, sa.Column('id', sa.Integer(), nullable=False), *columns,
                    sa.PrimaryKeyConstraint('id', name=f'pk_{name}'))


def upgrade():
    t = 'certificates'
    _table(t, _ref(t, 'round_id', 'evaluation_rounds', 'CASCADE'),
           _ref(t, 'application_id', 'applications', 'CASCADE'), _c('number', sa.Integer()),
           _c('edition', sa.Integer()), _c('serial', sa.String(32)), _c('token', sa.String(64)),
           _c('company_name', sa.String(200)), _c('centre_name', sa.String(250)), _c('uscc', sa.String(18)),
           _c('industry_field', sa.String(32)), _c('district', sa.String(32)), _c('issued_on', sa.Date()),
           _c('valid_until', sa.Date()), _ref(t, 'snapshot_id', 'application_snapshots', 'SET NULL', True),
           _ref(t, 'decision_id', 'decisions', 'SET NULL', True), _c('ruleset_sha256', sa.String(64)),
           _c('sha256', sa.String(64)), _c('file_name', sa.String(128)), _c('status', sa.String(16)),
           _ref(t, 'issued_by_id', 'users', 'SET NULL', True), _c('issued_at', TIME),
           _c('revoked_at', TIME, True), _ref(t, 'revoked_by_id', 'users', 'SET NULL', True),
           _c('reason', sa.Text(), True), _ref(t, 'superseded_by_id', 'certificates', 'SET NULL', True),
           _c('version', sa.Integer()),
           sa.UniqueConstraint('round_id', 'number', name='uq_certificates_round_id'),
           sa.UniqueConstraint('application_id', 'edition', name='uq_certificates_application_id'),
           sa.UniqueConstraint('serial', name='uq_certificates_serial'),
           sa.UniqueConstraint('token', name='uq_certificates_token'))
    op.create_index('ix_certificates_sha256', t, ['sha256'])
    t = 'evaluation_reports'
    _table(t, _ref(t, 'application_id', 'applications', 'CASCADE'), _c('basis', sa.String(64)),
           _c('ruleset_sha256', sa.String(64)), _c('sha256', sa.String(64)), _c('file_name', sa.String(128)),
           _ref(t, 'issued_by_id', 'users', 'SET NULL', True), _c('issued_at', TIME))
    op.create_index('ix_evaluation_reports_application_id', t, ['application_id'])
    op.create_index('ix_evaluation_reports_sha256', t, ['sha256'])
    t = 'jobs'
    _table(t, _c('kind', sa.String(64)), _c('params', sa.JSON()), _c('status', sa.String(16)),
           _c('total', sa.Integer()), _c('done', sa.Integer()), _c('failures', sa.JSON()),
           _c('error', sa.String(500), True), _c('result_file', sa.String(128), True),
           _ref(t, 'created_by_id', 'users', 'SET NULL', True), _c('created_at', TIME),
           _c('started_at', TIME, True), _c('finished_at', TIME, True), _c('heartbeat_at', TIME, True))


def downgrade():
    for t in ('jobs', 'evaluation_reports', 'certificates'):
        op.drop_table(t)
