"""Pieces every evaluation module of the schema shares: the enums, the locale, number and id helpers."""
from decimal import Decimal

import strawberry
from strawberry.types import Info

from schema.types import Unit
from server import ids
from server.evaluation.declaration import transitions
from server.evaluation.models import DeclarationStatus, RatingKind, SubmissionKind

# GraphQL names for the domain's enums; the `…Enum` names are aliases of the classes (see schema/types.py).
strawberry.enum(DeclarationStatus, name="DeclarationStatus")
strawberry.enum(transitions.DeclarationAction, name="DeclarationAction")
strawberry.enum(RatingKind, name="RatingKind")
strawberry.enum(SubmissionKind, name="SubmissionKind")
DeclarationStatusEnum = DeclarationStatus
DeclarationActionEnum = transitions.DeclarationAction
RatingKindEnum = RatingKind
SubmissionKindEnum = SubmissionKind


def english(info: Info) -> bool:
    locale: str = info.context.locale
    return locale == "en"


def to_float(value: object) -> float | None:
    return None if value is None else float(Decimal(str(value)))


async def load_unit(info: Info, unit_id: int) -> Unit:
    return Unit.of(await info.context.loaders.unit.load(unit_id))


def decode_attachments(values: list[strawberry.ID] | None, *field: str) -> list[int] | None:
    return None if values is None else [ids.decode("Attachment", v, field=list(field)) for v in values]


def decode_unit(value: str, *field: str) -> int:
    return ids.decode("Unit", value, field=list(field))


def to_decimal(value: float) -> Decimal:
    return Decimal(str(value))
