"""A village clerk minutes the village's own weekly 排查调处例会 (seed 004: "村（居）每周一次排查调处
例会制度"): the screening `meeting` action for village_clerk. Held at a village, the role reaches
that village only (the hierarchy rule), so a clerk never minutes another unit's meeting.

Revision ID: 0020_screening_village_meetings
Revises: 0016_cases_calendar
Create Date: 2026-12-07 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020_screening_village_meetings'
down_revision: str | Sequence[str] | None = '0016_cases_calendar'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (role, object, action) rows this revision adds; the downgrade deletes exactly these.
POLICY = [
    ('village_clerk', 'screening', 'meeting'),
]

_rule = sa.table(
    'casbin_rule', sa.column('ptype', sa.String), sa.column('v0', sa.String),
    sa.column('v1', sa.String), sa.column('v2', sa.String),
)


def upgrade() -> None:
    op.bulk_insert(_rule, [{'ptype': 'p', 'v0': r, 'v1': o, 'v2': a} for r, o, a in POLICY])


def downgrade() -> None:
    for role, obj, act in POLICY:
        op.execute(_rule.delete().where(
            (_rule.c.ptype == 'p') & (_rule.c.v0 == role) & (_rule.c.v1 == obj) & (_rule.c.v2 == act)))
