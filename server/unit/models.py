"""行政区划 unit tree with a materialised path."""
import datetime as dt
import enum

from sqlalchemy import ColumnElement, Enum, ForeignKey, Index, SQLColumnExpression, String, or_
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class UnitLevel(enum.StrEnum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


LEVEL_DEPTH = {level: depth for depth, level in enumerate(UnitLevel)}


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The county a unit belongs to (a tenant is a county); NULL above county level.
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    level: Mapped[UnitLevel] = mapped_column(Enum(UnitLevel, native_enum=False, length=16))
    code: Mapped[str] = mapped_column(String(32))  # path segment, e.g. the statistical code
    name: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        # "Everything under X" is a prefix range on this index.
        Index("ix_units_path_prefix", "path", postgresql_ops={"path": "text_pattern_ops"}),
    )


def subtree_pattern(path: str) -> str:
    """LIKE pattern for the strict descendants of a path (codes are [0-9A-Za-z] only)."""
    return path + "/%"


def in_subtree(path_column: SQLColumnExpression[str], path: str) -> ColumnElement[bool]:
    """SQL condition: the unit path in `path_column` is `path` or lies under it (the one way to
    say "in the subtree", a prefix range on the path index); `is_under` is the same in Python."""
    return or_(path_column == path, path_column.like(subtree_pattern(path)))


def is_under(path: str, ancestor_path: str) -> bool:
    """Python side of `in_subtree`: `path` is `ancestor_path` or lies under it (segment-wise)."""
    return path == ancestor_path or path.startswith(ancestor_path + "/")
