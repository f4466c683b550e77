"""The result of a 复查 / 复核 decision as the reviewing body states it (维持 / 变更 / 撤销), on the
case and on the published opinion. Decisions made before keep their inferred `*_upheld` values
and no result.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _result() -> sa.Enum:
    return sa.Enum('UPHELD', 'CHANGED', 'REVOKED', name='reviewresult', native_enum=False, length=24)


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_result', _result(), nullable=True))
        batch_op.add_column(sa.Column('rereview_result', _result(), nullable=True))
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_result', _result(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.drop_column('review_result')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('rereview_result')
        batch_op.drop_column('review_result')
