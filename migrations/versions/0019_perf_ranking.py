"""Province and city reviewers read the ranking of the counties, townships and villages under
their unit (aggregates only): a policy row each.

Revision ID: 0019_perf_ranking
Revises: 0020_screening_village_meetings
Create Date: 2026-12-07 02:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019_perf_ranking'
down_revision: str | Sequence[str] | None = '0020_screening_village_meetings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = [
    ('province_reviewer', 'ranking', 'read'),
    ('city_reviewer', 'ranking', 'read'),
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
