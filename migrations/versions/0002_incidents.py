"""Escalation incidents (越级访/集体访) attributed to units, with contest and decision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:19:10.289840
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.Enum('BEIJING_ESCALATED', 'BEIJING_NON_RECEPTION', 'PROVINCE_ESCALATED', 'CITY_ESCALATED', 'COLLECTIVE_TO_COUNTY', 'COLLECTIVE_TO_CITY', 'COLLECTIVE_ABOVE_COUNTY', 'EXTREME_INCIDENT', 'MEDIA_HYPE', name='incidentkind', native_enum=False, length=32), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('destination_level', sa.String(length=16), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('ATTRIBUTED', 'CONTESTED', 'CONFIRMED', 'WITHDRAWN', name='attributionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('contest_reason', sa.Text(), nullable=True),
    sa.Column('contested_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('contested_by_user_id', sa.Integer(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_at', server.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_user_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', server.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_incidents_case_id_cases')),
    sa.ForeignKeyConstraint(['contested_by_user_id'], ['users.id'], name=op.f('fk_incidents_contested_by_user_id_users')),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['users.id'], name=op.f('fk_incidents_decided_by_user_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_incidents_recorded_by_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_incidents_tenant_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_incidents_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incidents_tenant_path_occurred', ['tenant_id', 'unit_path', 'occurred_on'], unique=False, postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.create_index(batch_op.f('ix_incidents_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_unit_id'))
        batch_op.drop_index('ix_incidents_tenant_path_occurred', postgresql_ops={'unit_path': 'text_pattern_ops'})

    op.drop_table('incidents')
