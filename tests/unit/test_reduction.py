"""Seed 000: "2023年度目标：全镇进京非正常上访、进京越级上访和到省集访总量下降到50%以上" — a
year-on-year reduction target beside "percent of units 三无" (server.evaluation.sanwu.reduction)."""
import datetime as dt

import pytest

from server.evaluation.sanwu.parsing import TemplateError
from server.evaluation.sanwu.reduction import counted_total, reduction_progress
from server.evaluation.sanwu.template import SanwuRule
from server.evaluation.sanwu.templates import SEED_000, built_in_template_data
from server.evaluation.sanwu.vocabulary import IncidentKind, SanwuIncident
from server.evaluation.settings_rules.form import check_settings

TARGET = SEED_000.reductions[0]


def beijing(n: int, people: int = 1, kind: IncidentKind = IncidentKind.BEIJING_ESCALATED) -> SanwuIncident:
    return SanwuIncident(str(n), kind, people, dt.date(2026, 5, 1))


def test_the_total_counts_what_the_seed_names_in_person_times():
    """进京非正常上访, 进京越级上访 and 到省集访 (5 or more at the province); a 赴市 escalation is not one."""
    incidents = [beijing(1, 2), beijing(2, 1, IncidentKind.BEIJING_NON_RECEPTION),
                 SanwuIncident("3", IncidentKind.COLLECTIVE_ABOVE_COUNTY, 6, dt.date(2026, 5, 1)),
                 SanwuIncident("4", IncidentKind.CITY_ESCALATED, 9, dt.date(2026, 5, 1))]
    assert counted_total(SEED_000, TARGET, incidents) == 2 + 1 + 6


@pytest.mark.parametrize(("current", "met"), [(5, True), (6, False)])
def test_down_to_50_percent_boundary(current, met):
    progress = reduction_progress(SEED_000, TARGET, [beijing(1, current)], [beijing(2, 10)])
    assert (progress.previous, progress.current, progress.met) == (10, current, met)
    assert str(progress.actual_percent) == f"{current * 10}.00"


def test_nothing_last_year_is_met_only_by_nothing_this_year():
    assert reduction_progress(SEED_000, TARGET, [], []).met is True
    progress = reduction_progress(SEED_000, TARGET, [beijing(1)], [])
    assert progress.met is False and progress.actual_percent is None


def test_the_target_is_template_data():
    data = built_in_template_data("SEED_000")
    data["reductions"][0]["reduce_to_percent"] = "120"
    with pytest.raises(TemplateError):
        SanwuRule.from_dict(data)
    assert any(p.path.startswith("template.reductions") for p in check_settings(data, {"weights": {}}))
    data["reductions"][0]["reduce_to_percent"] = "70"
    assert SanwuRule.from_dict(data).reductions[0].reduce_to_percent == 70
