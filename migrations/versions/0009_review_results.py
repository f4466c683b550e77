"""The result of a 复查 / 复核 decision on the case (复查复核维持率): when the review was decided and
whether each decision upheld the answer it reviewed.

Revision ID: 0009
Revises: 0010
Create Date: 2026-11-24 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0009'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_decided_at', server.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_upheld', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('rereview_upheld', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('rereview_upheld')
        batch_op.drop_column('review_upheld')
        batch_op.drop_column('review_decided_at')
