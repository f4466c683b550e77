"""Province and city reviewers read the ranking of the counties, townships and villages under
their unit (aggregates only): a policy row each.

Revision ID: 0019_perf_ranking
Revises: 0020_screening_village_meetings
Create Date: 2026-12-07 02:10:00
"""
from collections.abc import Sequence

from policy_rows import delete_policy, insert_policy

revision: str = '0019_perf_ranking'
down_revision: str | Sequence[str] | None = '0020_screening_village_meetings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = [
    ('province_reviewer', 'ranking', 'read'),
    ('city_reviewer', 'ranking', 'read'),
]


def upgrade() -> None:
    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
