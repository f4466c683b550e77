"""The county administrator edits the county's evaluation settings (the "三无" rule template,
targets, accountability, deductions and weights) with the other tenant settings: a policy row.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

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
