"""A year's 放假 / 调休 days entered by the county administrator or the platform operator from the
State Council's notice, for years the holiday library does not cover: the current entry and every
version of it; the `calendar:edit` permission.

Revision ID: 0016_cases_calendar
Revises: 0016_cases_lifecycle
Create Date: 2026-12-07 02:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from policy_rows import delete_policy, insert_policy

revision: str = '0016_cases_calendar'
down_revision: str | Sequence[str] | None = '0016_cases_lifecycle'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = [
    ('county_admin', 'calendar', 'edit'),
    ('platform_admin', 'calendar', 'edit'),
]


def upgrade() -> None:
    op.create_table(
        'holiday_years',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('days', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('entered_by_user_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['entered_by_user_id'], ['users.id'], name=op.f('fk_holiday_years_entered_by_user_id_users')),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_holiday_years')),
    )
    op.create_table(
        'holiday_year_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('days', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('entered_by_user_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['entered_by_user_id'], ['users.id'], name=op.f('fk_holiday_year_changes_entered_by_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday_year_changes')),
    )
    op.create_index(op.f('ix_holiday_year_changes_year'), 'holiday_year_changes', ['year'], unique=False)
    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
    op.drop_index(op.f('ix_holiday_year_changes_year'), table_name='holiday_year_changes')
    op.drop_table('holiday_year_changes')
    op.drop_table('holiday_years')
