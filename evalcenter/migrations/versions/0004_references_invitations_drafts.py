"""Reference numbers (受理编号) for submitted applications, round versions for optimistic
locking, colleague invitations, candidate rulesets.

Revision 0004 (after 0003), 2026-11-25.
"""
import sqlalchemy as sa
from alembic import op

import evalcenter.core.types

revision, down_revision = '0004', '0003'
branch_labels, depends_on = None, None


def _time(name, nullable=True):
    return sa.Column(name, evalcenter.core.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    _time('created_at', nullable=False),
    _time('expires_at', nullable=False),
    _time('accepted_at'),
    _time('revoked_at'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_invitations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_invitations_token_sha256')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    )
    op.create_index(op.f('ix_invitations_organisation_id'), 'invitations', ['organisation_id'])

    op.create_table('ruleset_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('base_ruleset_id', sa.String(length=100), nullable=True),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    _time('created_at', nullable=False),
    _time('updated_at', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    _time('published_at'),
    sa.Column('published_ruleset_id', sa.String(length=100), nullable=True),
    sa.Column('published_version', sa.Integer(), nullable=True),
    sa.Column('published_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_ruleset_drafts_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ruleset_drafts'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=24), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_applications_reference'), ['reference'])

    with op.batch_alter_table('evaluation_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))

    _number_submitted_applications()


def _number_submitted_applications():
    """Applications submitted before this revision get their reference in submission order,
    numbered per round year: BJETC-<year>-<000001>."""
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT a.id, r.year FROM applications a JOIN evaluation_rounds r ON r.id = a.round_id "
        "WHERE a.submitted_at IS NOT NULL ORDER BY r.year, a.submitted_at, a.id"
    )).all()
    counts = {}
    for app_id, year in rows:
        counts[year] = counts.get(year, 0) + 1
        conn.execute(
            sa.text("UPDATE applications SET reference = :ref WHERE id = :id"),
            {"ref": f"BJETC-{year}-{counts[year]:06d}", "id": app_id},
        )



def downgrade():
    with op.batch_alter_table('evaluation_rounds', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_applications_reference'), type_='unique')
        batch_op.drop_column('reference')

    op.drop_table('ruleset_drafts')
    op.drop_index(op.f('ix_invitations_organisation_id'), table_name='invitations')

    op.drop_table('invitations')
