"""Administration: tenant settings history, policy change log (the policy's version), and the
county / township administrator roles.

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-23 10:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from policy_rows import delete_policy, insert_policy

import server.db

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# (role, object, action) rows this revision adds to casbin_rule.
POLICY = [
    ('county_admin', 'unit', 'read'),
    ('county_admin', 'unit', 'import'),
    ('county_admin', 'user', '*'),
    ('county_admin', 'settings', '*'),
    ('county_admin', 'audit', 'read'),
    ('township_admin', 'unit', 'read'),
    ('township_admin', 'user', '*'),
    ('platform_admin', 'tenant', '*'),
    ('platform_admin', 'settings', '*'),
    ('county_leader', 'settings', 'read'),
    ('county_officer', 'settings', 'read'),
]


def upgrade() -> None:
    op.create_table('policy_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('added', sa.JSON(), nullable=False),
    sa.Column('removed', sa.JSON(), nullable=False),
    sa.Column('changed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_user_id'], ['users.id'], name=op.f('fk_policy_changes_changed_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_changes'))
    )
    op.create_table('tenant_setting_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('old_value', sa.JSON(), nullable=True),
    sa.Column('new_value', sa.JSON(), nullable=True),
    sa.Column('changed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_user_id'], ['users.id'], name=op.f('fk_tenant_setting_changes_changed_by_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_tenant_setting_changes_tenant_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant_setting_changes'))
    )
    with op.batch_alter_table('tenant_setting_changes', schema=None) as batch_op:
        batch_op.create_index('ix_tenant_setting_changes_tenant_at', ['tenant_id', 'changed_at'], unique=False)

    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
    with op.batch_alter_table('tenant_setting_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_tenant_setting_changes_tenant_at')

    op.drop_table('tenant_setting_changes')
    op.drop_table('policy_changes')
