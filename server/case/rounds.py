"""Reply rounds (答复, 复查意见, 复核意见), each with the petitioner's own rating of it.

A case's `rating` is the latest round's (a new answer opens a new round and clears it); every
round's rating stays in `case_ratings`, so the first round's 不满意 is still on the record after a
复查 opinion. The standard rates count the same rounds (server.evaluation.rates).
"""
import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import and_, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case.models import CaseRating, PublicDocument, Satisfaction
from server.case.visibility import of_readable_case


class AnswerKind(enum.StrEnum):
    """The written answer that opens a round (Case.reply_round 1, 2, 3)."""

    REPLY = "REPLY"  # 答复 (处理意见)
    REVIEW = "REVIEW"  # 复查意见
    REREVIEW = "REREVIEW"  # 复核意见


ROUND_OF_ANSWER = {AnswerKind.REPLY: 1, AnswerKind.REVIEW: 2, AnswerKind.REREVIEW: 3}
# SQL: the round a published answer opens (the rates count rounds with it too).
ROUND_OF_KIND = case({str(k): v for k, v in ROUND_OF_ANSWER.items()}, value=PublicDocument.kind)


@dataclass(frozen=True)
class ReplyRound:
    round: int
    answer: AnswerKind
    answered_at: dt.datetime
    rating: Satisfaction | None  # None: not rated (yet)
    rated_at: dt.datetime | None
    comment: str | None


async def reply_rounds(*, db_session: AsyncSession, principal: Principal, case_id: int) -> list[ReplyRound]:
    """The case's answers in order, each with its own round's rating, for a viewer who may read the
    case (none otherwise)."""
    query = (
        select(PublicDocument.kind, PublicDocument.published_at, CaseRating.reply_round, CaseRating.level,
               CaseRating.rated_at, CaseRating.comment)
        .outerjoin(CaseRating, and_(CaseRating.case_id == PublicDocument.case_id,
                                    CaseRating.reply_round == ROUND_OF_KIND))
        .where(PublicDocument.kind.in_([str(k) for k in AnswerKind]))
    )
    query = of_readable_case(query, principal, PublicDocument.case_id, case_id)
    rows = await db_session.execute(query.order_by(PublicDocument.published_at, PublicDocument.id))
    return [ReplyRound(ROUND_OF_ANSWER[AnswerKind(kind)], AnswerKind(kind), at, level, rated_at, comment)
            for kind, at, _, level, rated_at, comment in rows]

