"""Screening: the idempotency key of a report's last edit; meeting attendees picked as accounts.

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-24 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('screening_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edit_mutation_id', sa.String(length=64), nullable=True))
    with op.batch_alter_table('screening_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendee_user_ids', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('screening_meetings', schema=None) as batch_op:
        batch_op.drop_column('attendee_user_ids')
    with op.batch_alter_table('screening_reports', schema=None) as batch_op:
        batch_op.drop_column('edit_mutation_id')
