"""The audit log also refuses TRUNCATE on PostgreSQL (UPDATE and DELETE were refused since 0001).

A statement-level trigger: TRUNCATE does not fire row triggers. SQLite has no TRUNCATE (its
`DELETE FROM` is already refused row by row).

Revision ID: 0017_protect_audit_truncate
Revises: 0019_perf_ranking
Create Date: 2026-12-07 02:50:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0017_protect_audit_truncate'
down_revision: str | Sequence[str] | None = '0019_perf_ranking'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
