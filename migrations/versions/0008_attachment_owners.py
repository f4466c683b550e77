"""Stored files for disputes and evaluation records: one attachments table, an owner column each.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 09:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNERS = (
    ('dispute_id', 'disputes'),
    ('submission_id', 'eval_submissions'),
    ('self_assessment_id', 'eval_self_assessments'),
    ('declaration_id', 'eval_declarations'),
)


def upgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        for column, table in OWNERS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f'fk_attachments_{column}_{table}'), table, [column], ['id'], ondelete='CASCADE'
            )
            batch_op.create_index(batch_op.f(f'ix_attachments_{column}'), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        for column, table in reversed(OWNERS):
            batch_op.drop_index(batch_op.f(f'ix_attachments_{column}'))
            batch_op.drop_constraint(batch_op.f(f'fk_attachments_{column}_{table}'), type_='foreignkey')
            batch_op.drop_column(column)
