"""A village clerk minutes the village's own weekly 排查调处例会 (seed 004: "村（居）每周一次排查调处
例会制度"): the screening `meeting` action for village_clerk. Held at a village, the role reaches
that village only (the hierarchy rule), so a clerk never minutes another unit's meeting.

Revision ID: 0020_screening_village_meetings
Revises: 0016_cases_calendar
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

from policy_rows import delete_policy, insert_policy

revision: str = '0020_screening_village_meetings'
down_revision: str | Sequence[str] | None = '0016_cases_calendar'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (role, object, action) rows this revision adds; the downgrade deletes exactly these.
POLICY = [
    ('village_clerk', 'screening', 'meeting'),
]


def upgrade() -> None:
    insert_policy(POLICY)


def downgrade() -> None:
    delete_policy(POLICY)
