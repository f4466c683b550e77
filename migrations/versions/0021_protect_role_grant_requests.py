"""Role grant requests (双人审批): a role that gives more than its granting administrator holds
waits here, giving no permission, until a second administrator approves it.

Revision ID: 0021_protect_role_grant_requests
Revises: 0017_protect_audit_truncate
Create Date: 2026-12-07 05:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0021_protect_role_grant_requests'
down_revision: str | Sequence[str] | None = '0017_protect_audit_truncate'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('role_grant_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_by_user_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_user_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_role_grant_requests_tenant_id_units')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grant_requests_user_id_users'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_role_grant_requests_unit_id_units')),
    sa.ForeignKeyConstraint(['requested_by_user_id'], ['users.id'],
                            name=op.f('fk_role_grant_requests_requested_by_user_id_users')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['users.id'],
                            name=op.f('fk_role_grant_requests_decided_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant_requests'))
    )
    with op.batch_alter_table('role_grant_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_requests_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_role_grant_requests_user_status', ['user_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('role_grant_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_role_grant_requests_user_status')
        batch_op.drop_index(batch_op.f('ix_role_grant_requests_tenant_id'))
    op.drop_table('role_grant_requests')
