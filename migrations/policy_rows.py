"""Casbin policy rows added and removed by revisions: one insert and one exact delete.

Revisions import this module by name (env.py puts this folder on the import path), so what
it does must stay valid for every revision that already uses it: change it only by adding.
"""
from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op

Row = tuple[str, str, str]  # (role, object, action)

casbin_rule = sa.table(
    "casbin_rule", sa.column("ptype", sa.String), sa.column("v0", sa.String),
    sa.column("v1", sa.String), sa.column("v2", sa.String),
)


def insert_policy(rows: Iterable[Row]) -> None:
    op.bulk_insert(casbin_rule, [{"ptype": "p", "v0": r, "v1": o, "v2": a} for r, o, a in rows])


def delete_policy(rows: Iterable[Row]) -> None:
    """Deletes exactly these rows, so a downgrade leaves rows added by hand or by later revisions."""
    for role, obj, act in rows:
        op.execute(casbin_rule.delete().where(
            (casbin_rule.c.ptype == "p") & (casbin_rule.c.v0 == role)
            & (casbin_rule.c.v1 == obj) & (casbin_rule.c.v2 == act)))
