"""Standard rates count each case at its own instants, within the period (one index range per
instant, tenant first), and each reply round with its own rating: `cases.answered_at` (the first
written answer, 答复, which a later 复查/复核 opinion no longer overwrites), an index per instant a
rate counts a case at, and one over the tenant's published answers.

`answered_at` is filled from the first published reply (答复) of each case, else from
`replied_at` where the case never got past its first round.

Revision ID: 0015_rates_round_facts
Revises: 0013
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.db

revision: str = '0015_rates_round_facts'
down_revision: str | Sequence[str] | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTANTS = ('accept_due_at', 'accepted_at', 'rejected_at', 'forwarded_at', 'assigned_at', 'handle_due_at',
            'answered_at', 'closed_at')


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_at', server.db.UtcDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE cases SET answered_at = (SELECT min(d.published_at) FROM case_documents d "
        "WHERE d.case_id = cases.id AND d.kind = 'REPLY')"
    )
    op.execute("UPDATE cases SET answered_at = replied_at WHERE answered_at IS NULL AND replied_at IS NOT NULL "
               "AND reply_round <= 1")
    for column in INSTANTS:
        op.create_index(f'ix_cases_tenant_{column}', 'cases', ['tenant_id', column], unique=False)
    op.create_index('ix_case_documents_tenant_kind_published', 'case_documents',
                    ['tenant_id', 'kind', 'published_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_documents_tenant_kind_published', table_name='case_documents')
    for column in INSTANTS:
        op.drop_index(f'ix_cases_tenant_{column}', table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('answered_at')
