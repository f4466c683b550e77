"""Incident shares: one incident attributed to several units, each with its part of the
headcount (a collective petition of people from several townships is recorded once).

Revision ID: 0014_review_incident_shares
Revises: 0015_rates_round_facts
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014_review_incident_shares'
down_revision: str | Sequence[str] | None = '0015_rates_round_facts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'incident_shares',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.Column('incident_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('unit_path', sa.String(length=255), nullable=False),
        sa.Column('headcount', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_shares_incident_id_incidents'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tenant_id'], ['units.id'], name=op.f('fk_incident_shares_tenant_id_units')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_incident_shares_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_shares')),
        sa.UniqueConstraint('incident_id', 'unit_id', name='uq_incident_shares_incident_unit'),
    )
    with op.batch_alter_table('incident_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_shares_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index('ix_incident_shares_tenant_path', ['tenant_id', 'unit_path'], unique=False,
                              postgresql_ops={'unit_path': 'text_pattern_ops'})


def downgrade() -> None:
    with op.batch_alter_table('incident_shares', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_shares_tenant_path', postgresql_ops={'unit_path': 'text_pattern_ops'})
        batch_op.drop_index(batch_op.f('ix_incident_shares_incident_id'))
    op.drop_table('incident_shares')
