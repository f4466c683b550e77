"""The 三无 vocabulary: incident kinds, unit tiers, destinations, the enums a template is made of,
days of the year, and the incident as the rules see it (`SanwuIncident`). Pure.

How a criterion counts incidents:
- `kinds`: the incident kinds it names (进京越级访, 赴省越级访, …), any headcount unless a
  headcount threshold is set;
- `destination_at_or_above`: every kind whose destination may be at or above that level. Seed 004
  says "无到县 5 人以上集体上访" for a village; a group of five that went to the city, the province
  or Beijing is at least as serious as one that stopped at the county, and it passed the county on
  the way, so it breaks the village's criterion too. And a 集体访 is defined by its headcount
  (≥ 5 people), not by the kind a clerk picked: eight people recorded as 赴省越级访 are also a
  collective petition above the county. So the built-in collective criteria use this field
  together with a headcount threshold, and count escalation kinds as well as collective ones.
  An incident may carry the destination recorded with it (`SanwuIncident.destination`); that
  decides. Without one, a kind's own destination decides, and COLLECTIVE_ABOVE_COUNTY — which
  says only "above the county": the city, the province or Beijing — counts for any level above
  the county: a 三无 title certifies an absence, and an incident that may break it must be looked
  at. The result names the incident, so a county that meant the city can record the destination
  (or COLLECTIVE_TO_CITY); a wrong pass would be invisible.
"""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass


class IncidentKind(enum.StrEnum):
    """Kinds of escalation incident (越级访/集体访事件); the values are the GraphQL enum's."""

    BEIJING_ESCALATED = "BEIJING_ESCALATED"  # 进京越级访 (含涉法涉诉)
    BEIJING_NON_RECEPTION = "BEIJING_NON_RECEPTION"  # 进京到非接待场所 (非正常访)
    PROVINCE_NON_RECEPTION = "PROVINCE_NON_RECEPTION"  # 赴省到非接待场所 (非正常访), seed 002
    CITY_NON_RECEPTION = "CITY_NON_RECEPTION"  # 到市非接待场所 (非正常访), seed 002
    PROVINCE_ESCALATED = "PROVINCE_ESCALATED"  # 赴省越级访
    CITY_ESCALATED = "CITY_ESCALATED"  # 赴市越级访
    COLLECTIVE_TO_COUNTY = "COLLECTIVE_TO_COUNTY"  # 到县集体访
    COLLECTIVE_TO_CITY = "COLLECTIVE_TO_CITY"  # 到市集体访
    COLLECTIVE_ABOVE_COUNTY = "COLLECTIVE_ABOVE_COUNTY"  # 到县以上 (不含县) 集体访
    EXTREME_INCIDENT = "EXTREME_INCIDENT"  # 因信访问题引发的极端恶性事件
    MEDIA_HYPE = "MEDIA_HYPE"  # 舆论负面炒作


class UnitTier(enum.StrEnum):
    """The three tiers of 三级联创: 县, 乡镇 (街道), 村 (居/社区)."""

    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


class DestinationLevel(enum.StrEnum):
    """Where a petition was taken, lowest first (到县 < 到市 < 赴省 < 进京)."""

    COUNTY = "COUNTY"
    CITY = "CITY"
    PROVINCE = "PROVINCE"
    BEIJING = "BEIJING"

    @property
    def rank(self) -> int:
        return _DESTINATION_ORDER.index(self)


_DESTINATION_ORDER = tuple(DestinationLevel)

# (lowest, highest) destination a kind can denote. Only COLLECTIVE_ABOVE_COUNTY is a range: the
# vocabulary says "above the county" and no more (see the module docstring for how it counts).
DESTINATION_OF_KIND: Mapping[IncidentKind, tuple[DestinationLevel, DestinationLevel]] = {
    IncidentKind.BEIJING_ESCALATED: (DestinationLevel.BEIJING, DestinationLevel.BEIJING),
    IncidentKind.BEIJING_NON_RECEPTION: (DestinationLevel.BEIJING, DestinationLevel.BEIJING),
    IncidentKind.PROVINCE_NON_RECEPTION: (DestinationLevel.PROVINCE, DestinationLevel.PROVINCE),
    IncidentKind.CITY_NON_RECEPTION: (DestinationLevel.CITY, DestinationLevel.CITY),
    IncidentKind.PROVINCE_ESCALATED: (DestinationLevel.PROVINCE, DestinationLevel.PROVINCE),
    IncidentKind.CITY_ESCALATED: (DestinationLevel.CITY, DestinationLevel.CITY),
    IncidentKind.COLLECTIVE_TO_COUNTY: (DestinationLevel.COUNTY, DestinationLevel.COUNTY),
    IncidentKind.COLLECTIVE_TO_CITY: (DestinationLevel.CITY, DestinationLevel.CITY),
    IncidentKind.COLLECTIVE_ABOVE_COUNTY: (DestinationLevel.CITY, DestinationLevel.BEIJING),
}


def possible_destinations(kind: IncidentKind) -> tuple[DestinationLevel, ...]:
    """Destinations an incident of `kind` may record (none for extreme incidents and media hype);
    for validating input when an incident is recorded."""
    if kind not in DESTINATION_OF_KIND:
        return ()
    low, high = DESTINATION_OF_KIND[kind]
    return _DESTINATION_ORDER[low.rank:high.rank + 1]


def kinds_reaching(level: DestinationLevel) -> tuple[IncidentKind, ...]:
    """Kinds whose destination may be at or above `level`, in enum order."""
    return tuple(
        kind for kind in IncidentKind
        if kind in DESTINATION_OF_KIND and DESTINATION_OF_KIND[kind][1].rank >= level.rank
    )


class HeadcountComparison(enum.StrEnum):
    """"5 人（包含 5 人）以上" is >= 5; "超过 50 人" is > 50."""

    AT_LEAST = ">="
    MORE_THAN = ">"


class AccountabilityLevel(enum.StrEnum):
    """Seed 003's consequences for a unit, mildest first."""

    NONE = "NONE"
    ADMONITION = "ADMONITION"  # 诫勉谈话
    VETO = "VETO"  # 一票否决

    @property
    def severity(self) -> int:
        return tuple(AccountabilityLevel).index(self)


class CountBy(enum.StrEnum):
    """What an accountability threshold counts. Seed 003 says "1 人次" (person-times), so a
    three-person incident is three; INCIDENTS counts each incident once."""

    INCIDENTS = "INCIDENTS"
    PERSON_TIMES = "PERSON_TIMES"


class ConsequenceScope(enum.StrEnum):
    """Whose incidents score deductions and accountability (诫勉谈话 / 一票否决) count.

    The 三无 criteria always judge the unit's whole subtree (属地: a village's 进京 escalation
    means its township and county are not 三无). Consequences are a unit's own: by default only
    the incidents attributed to the unit itself (ATTRIBUTED_UNIT), so a township is not vetoed
    for a village's incident; a county may choose WHOLE_SUBTREE instead."""

    ATTRIBUTED_UNIT = "ATTRIBUTED_UNIT"
    WHOLE_SUBTREE = "WHOLE_SUBTREE"


@dataclass(frozen=True)
class MonthDay:
    """A day of the year without the year (seed 003: "从4月1日开始至10月1日结束")."""

    month: int
    day: int

    def __post_init__(self) -> None:
        dt.date(2000, self.month, self.day)  # ValueError for 02-30; 2000 is a leap year

    def in_year(self, year: int) -> dt.date:
        if (self.month, self.day) == (2, 29) and not _leap(year):
            return dt.date(year, 2, 28)
        return dt.date(year, self.month, self.day)

    def iso(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class DayPeriod:
    """Days `start`..`end` of a year, both included (seed 003's 专项整治行动: 04-01 to 10-01)."""

    start: MonthDay
    end: MonthDay

    def __post_init__(self) -> None:
        if (self.end.month, self.end.day) < (self.start.month, self.start.day):
            raise ValueError("the period ends before it starts")

    def contains(self, day: dt.date) -> bool:
        return self.start.in_year(day.year) <= day <= self.end.in_year(day.year)




@dataclass(frozen=True)
class SanwuIncident:
    """An escalation incident attributed to the unit under evaluation."""

    id: str
    kind: IncidentKind
    headcount: int
    occurred_on: dt.date
    verified: bool = True
    # Where the petitioners went, when recorded (one of `possible_destinations(kind)`); None: the
    # kind's own destination applies.
    destination: DestinationLevel | None = None

    def __post_init__(self) -> None:
        # Accept the values as stored (the model's own IncidentKind, a "CITY" string); an unknown
        # one raises ValueError here rather than being silently ignored by every criterion.
        object.__setattr__(self, "kind", IncidentKind(self.kind))
        if self.destination is not None:
            object.__setattr__(self, "destination", DestinationLevel(self.destination))

    def may_reach(self, level: DestinationLevel) -> bool:
        """Whether the incident's destination is, or may be, at or above `level`."""
        if self.destination is not None:
            return self.destination.rank >= level.rank
        if self.kind not in DESTINATION_OF_KIND:
            return False
        return DESTINATION_OF_KIND[self.kind][1].rank >= level.rank
