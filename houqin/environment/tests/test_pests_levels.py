"""Indicators and control levels computed from survey counts against the thresholds seeded
from DOMAIN.md §1.3 (GB/T 27770/27771/27772/27773), at and around every limit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from houqin.environment import levels
from houqin.environment.models import PestStandard, PestThreshold
from houqin.environment.queries.pests import with_levels
from houqin.environment.services.pests import standard_in_force, threshold_save, thresholds_of
from houqin.environment.tests.helpers_pests import counts_at, envmgr, survey  # noqa: F401

pytestmark = pytest.mark.django_db

D = Decimal
STEP = D("0.01")

# DOMAIN.md §1.3, typed here independently of the migration: (indicator, A, B, C, strict).
RODENT = [
    ("rodent_room_rate", "1", "3", "5", False),
    ("rodent_powder_rate", "1", "3", "5", False),
    ("rodent_proofing_rate", "3", "5", "7", False),
    ("rodent_path_index", "1", "3", "5", False),
]
MOSQUITO = [
    ("mosquito_path_index", "0.1", "0.5", "0.8", False),
    ("mosquito_dip_rate", "1", "3", "5", False),
    ("mosquito_larvae_per_dip", "3", "5", "8", True),
    ("mosquito_landing_index", "0.5", "1.0", "1.5", False),
]
FLY = [
    ("fly_room_rate", "3", "6", "9", False),
    ("fly_density", "3", "3", "3", False),
    ("fly_proofing_rate", "2", "5", "10", False),
    ("fly_breeding_rate", "1", "3", "5", False),
]
COCKROACH = [
    ("roach_infestation_rate", "1", "3", "5", False),
    ("roach_large_per_room", "2", "5", "5", False),
    ("roach_small_per_room", "5", "10", "10", False),
    ("roach_ootheca_rate", "1", "2", "3", False),
    ("roach_oothecae_per_room", "2", "4", "8", False),
    ("roach_trace_rate", "3", "5", "7", False),
]


def expected(value: D, limits, strict: bool) -> str:
    """The oracle: the first level whose limit the value meets."""
    for level, limit in zip("ABC", limits, strict=True):
        if (value < limit) if strict else (value <= limit):
            return level
    return "not_met"


def rules(code: str, edition: str) -> dict:
    standard = PestStandard.objects.get(code=code, edition=edition)
    return thresholds_of([standard.pk])[standard.pk]


def check_rows(pest: str, rows, rule_set: dict) -> None:
    """Each row: seeded as DOMAIN says; at each limit, just above it, and above C."""
    for code, *raw, strict in rows:
        limits = [D(x) for x in raw]
        assert rule_set[code] == (tuple(limits), strict), code
        probes = {v for limit in limits for v in (limit - STEP, limit, limit + STEP)}
        for value in sorted(probes | {limits[2] * 2 + 1}):
            got = levels.pest_level(pest, counts_at(code, value), rule_set)
            assert got == expected(value, limits, strict), (code, value)
        at_c = levels.pest_level(pest, counts_at(code, limits[2]), rule_set)
        assert at_c == ("not_met" if strict else expected(limits[2], limits, strict))
        above = levels.pest_level(pest, counts_at(code, limits[2] + STEP), rule_set)
        assert above == "not_met", code


def test_rodent_levels_at_every_limit():
    """GB/T 27770-2011, 城镇 level table (DOMAIN §1.3 Rodents): 鼠迹/粉迹阳性率 ≤1/3/5 %,
    防鼠设施不合格率 ≤3/5/7 %, 外环境路径指数 ≤1/3/5 处/km."""
    check_rows("rodent", RODENT, rules("GB/T 27770", "2011"))


def test_mosquito_levels_at_every_limit():
    """GB/T 27771-2011, 城镇 level table (DOMAIN §1.3 Mosquitoes), including the strict "<"
    row of larvae and pupae per positive dip."""
    check_rows("mosquito", MOSQUITO, rules("GB/T 27771", "2011"))


def test_fly_levels_at_every_limit_2011():
    """GB/T 27772-2011, 城镇 level table (DOMAIN §1.3 Flies): 有蝇房间阳性率 ≤3/6/9 %, 阳性间
    蝇密度 ≤3 只/间 at every level, 防蝇设施不合格率 ≤2/5/10 %, 孳生地阳性率 ≤1/3/5 %."""
    check_rows("fly", FLY, rules("GB/T 27772", "2011"))


def test_fly_2025_thresholds_are_unverified_copies_of_2011():
    """GB/T 27772-2025 (DOMAIN §0.2, §1.1): the text has not been obtained, so its rows are
    the 2011 limits tagged [M] with "2025 text not obtained; verify"."""
    check_rows("fly", FLY, rules("GB/T 27772", "2025"))
    rows = PestThreshold.objects.filter(standard__code="GB/T 27772", standard__edition="2025")
    assert rows.count() == len(FLY)
    assert set(rows.values_list("confidence", flat=True)) == {"M"}
    assert all(r.evidence.startswith("2025 text not obtained; verify") for r in rows)


def test_cockroach_levels_at_every_limit():
    """GB/T 27773-2011, 城镇 level table (DOMAIN §1.3 Cockroaches): 侵害率 ≤1/3/5 %, 大蠊
    ≤2/5/5, 小蠊 ≤5/10/10, 卵鞘查获率 ≤1/2/3 %, 卵鞘数 ≤2/4/8, 蟑迹查获率 ≤3/5/7 %."""
    check_rows("cockroach", COCKROACH, rules("GB/T 27773", "2011"))


def test_strict_row_at_its_limit_is_the_next_level():
    """GB/T 27771-2011 城镇 table (DOMAIN §1.3): 平均每阳性勺幼虫+蛹 <3/<5/<8 — exactly 3 per
    dip is level B, exactly 8 is not met."""
    rule_set = rules("GB/T 27771", "2011")
    assert levels.pest_level("mosquito", {"larvae_pupae": 30, "dips_positive": 10}, rule_set) == "B"
    assert levels.pest_level("mosquito", {"larvae_pupae": 29, "dips_positive": 10}, rule_set) == "A"
    assert levels.pest_level("mosquito", {"larvae_pupae": 8, "dips_positive": 1}, rule_set) == (
        "not_met"
    )


def test_values_are_compared_without_rounding():
    """GB/T 27770-2011 城镇 table (DOMAIN §1.3): 1 positive room of 100 is exactly 1.00 %, level
    A under "≤1"; 1 of 99 (1.0101… %) is B, though it rounds to 1.01 %, and 1 of 3 000 000 mm
    of path is not rounded either."""
    rule_set = rules("GB/T 27770", "2011")
    one = {"rooms_positive": 1, "rooms_inspected": 100}
    assert levels.indicator_values("rodent", one)["rodent_room_rate"] == 1
    assert levels.pest_level("rodent", one, rule_set) == "A"
    over = {"rooms_positive": 1, "rooms_inspected": 99}
    assert levels.pest_level("rodent", over, rule_set) == "B"
    assert levels.pest_level("rodent", {"path_positive": 3, "path_m": 3000}, rule_set) == "A"
    assert levels.pest_level("rodent", {"path_positive": 3, "path_m": 2999}, rule_set) == "B"


def test_none_counts_and_zero_denominators_are_ignored():
    """DOMAIN §1.2: an indicator whose counts were not taken (or whose denominator is 0) is
    not measured and does not set the level; with nothing measured there is no level."""
    rule_set = rules("GB/T 27773", "2011")
    counts = {"rooms_inspected": 50, "rooms_positive": 0, "large_roaches": 0, "trace_rooms": None}
    values = levels.indicator_values("cockroach", counts)
    assert values["roach_infestation_rate"] == 0
    assert values["roach_large_per_room"] is None  # 0 positive rooms
    assert values["roach_trace_rate"] is None
    assert levels.pest_level("cockroach", counts, rule_set) == "A"
    assert levels.pest_level("cockroach", {}, rule_set) is None


def test_overall_level_is_the_worst_indicator():
    """DOMAIN §1.2 "Overall level": every indicator must meet a level for the pest to be rated
    at it (GB/T 27773-2011 城镇 table): infestation 1 % (A) with traces 6 % (C) is C."""
    rule_set = rules("GB/T 27773", "2011")
    counts = {"rooms_inspected": 100, "rooms_positive": 1, "trace_rooms": 6}
    assert levels.indicator_levels("cockroach", counts, rule_set)["roach_infestation_rate"] == "A"
    assert levels.pest_level("cockroach", counts, rule_set) == "C"
    counts["ootheca_rooms"], counts["oothecae"] = 4, 4
    assert levels.pest_level("cockroach", counts, rule_set) == "not_met"


def test_mosquito_water_rate_has_no_threshold_and_is_not_rated():
    """DOMAIN §1.2 lists 小型积水阳性率 but §1.3 gives it no limits: computed, not rated."""
    rule_set = rules("GB/T 27771", "2011")
    counts = {"water_positive": 5, "water_inspected": 10}
    assert levels.indicator_values("mosquito", counts)["mosquito_water_rate"] == 50
    assert levels.pest_level("mosquito", counts, rule_set) is None


@pytest.mark.parametrize(
    ("area", "rooms"),
    [(1, 1), (14.9, 1), (15, 1), (15.1, 2), (30, 2), (31, 3), (45, 3)],
)
def test_standard_rooms(area, rooms):
    """GB/T 23795-2009 §3.1.2 (DOMAIN §1.2): 15 m² = 1 间; under 15 m² counts as one."""
    assert levels.standard_rooms(area) == rooms


def test_standard_rooms_refuses_no_area():
    """GB/T 23795-2009 §3.1.2: a room has an area."""
    with pytest.raises(ValueError):
        levels.standard_rooms(0)


def test_fly_edition_chosen_by_survey_date(personas, envmgr):  # noqa: F811
    """GB/T 27772-2025 in force 2025-11-01 replaced GB/T 27772-2011 (DOMAIN §0.2, §1.1): a fly
    survey of 2025-10-31 is judged by 2011, one of 2025-11-01 by 2025."""
    assert str(standard_in_force("fly", date(2025, 10, 31))) == "GB/T 27772-2011"
    assert str(standard_in_force("fly", date(2025, 11, 1))) == "GB/T 27772-2025"
    counts = {"rooms_inspected": 100, "rooms_positive": 3}
    before = survey(personas.site, envmgr, "fly", date(2025, 10, 31), counts)
    after = survey(personas.site, envmgr, "fly", date(2025, 11, 1), counts)
    assert before.standard.edition == "2011"
    assert after.standard.edition == "2025"


def test_an_edited_threshold_changes_the_level_without_code(personas, envmgr):  # noqa: F811
    """GB/T 27773-2011 城镇 table (DOMAIN §1.3): the thresholds are data — lowering the B limit
    of the infestation rate below a survey's 2 % turns its level from B to C."""
    found = survey(personas.site, envmgr, counts={"rooms_inspected": 100, "rooms_positive": 2})
    assert with_levels([found])[0].level == "B"
    row = PestThreshold.objects.get(standard=found.standard, indicator="roach_infestation_rate")
    row.limit_b = D("1.5")
    threshold_save(threshold=row, by=envmgr)
    assert with_levels([found])[0].level == "C"
