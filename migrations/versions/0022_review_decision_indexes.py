"""The review decisions of a period (复查复核维持率, counted on every dashboard and annual review)
are found through an index range per instant, tenant first, like the other instants a rate
counts a case at (0015), instead of a scan of every case of the county.

Revision ID: 0022_review_decision_indexes
Revises: 0021_protect_role_grant_requests
Create Date: 2026-12-07 18:20:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0022_review_decision_indexes'
down_revision: str | Sequence[str] | None = '0021_protect_role_grant_requests'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTANTS = ('review_decided_at', 'concluded_at')


def upgrade() -> None:
    for column in INSTANTS:
        op.create_index(f'ix_cases_tenant_{column}', 'cases', ['tenant_id', column], unique=False)


def downgrade() -> None:
    for column in INSTANTS:
        op.drop_index(f'ix_cases_tenant_{column}', table_name='cases')
