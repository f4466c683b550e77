"""Case timeline: one naming of event kinds, in the past tense (ACCEPT → ACCEPTED, PROGRESS → NOTE_ADDED ...).

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-24 16:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What earlier revisions of the code wrote (the step's name) → what the timeline says now.
RENAMED = {
    'ACCEPT': 'ACCEPTED',
    'REJECT': 'REJECTED',
    'FORWARD': 'FORWARDED',
    'ASSIGN': 'ASSIGNED',
    'PROGRESS': 'NOTE_ADDED',
    'REQUEST_EXTENSION': 'EXTENSION_REQUESTED',
    'APPROVE_EXTENSION': 'EXTENSION_APPROVED',
    'REFUSE_EXTENSION': 'EXTENSION_REFUSED',
    'REPLY': 'REPLIED',
    'CLOSE': 'CLOSED',
    'REQUEST_REVIEW': 'REVIEW_REQUESTED',
    'DECIDE_REVIEW': 'REVIEWED',
    'REQUEST_REREVIEW': 'REREVIEW_REQUESTED',
    'DECIDE_REREVIEW': 'REREVIEWED',
    'RATE': 'RATED',
    'SUPERVISE': 'SUPERVISED',
    'REMIND': 'REMINDED',
    'FOLLOW_UP': 'FOLLOWED_UP',
}

events = sa.table('case_events', sa.column('kind', sa.String(32)))


def _rename(pairs: dict[str, str]) -> None:
    for old, new in pairs.items():
        op.execute(events.update().where(events.c.kind == old).values(kind=new))


def upgrade() -> None:
    _rename(RENAMED)


def downgrade() -> None:
    # Files added after registration had no event of their own before: they read as a note.
    _rename({'ATTACHMENTS_ADDED': 'PROGRESS', **{new: old for old, new in RENAMED.items()}})
