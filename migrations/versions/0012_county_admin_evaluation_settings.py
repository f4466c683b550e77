"""The county administrator edits the county's evaluation settings (the "三无" rule template,
targets, accountability, deductions and weights) with the other tenant settings: a policy row.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 15:00:00
"""
from collections.abc import Sequence

from policy_rows import delete_policy, insert_policy

revision: str = '0012'
down_revision: str | Sequence[str] | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (role, object, action) rows this revision adds. `configure` lets the county administrator read
# and save the settings' versions and preview a draft's effect; it does not open the review,
# incidents or cases (those stay with evaluation `read`, which the role does not get).
POLICY = [
    ('county_admin', 'evaluation', 'configure'),
]


def upgrade() -> None:
    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
