"""Vector density indicators and control levels (GB/T 27770–27773), pure Python, no ORM.

The catalogue names every indicator of DOMAIN.md §1.2: the pest, the survey counts it is
computed from and its factor (100 for a percentage, 1000 for a per-km index over a path in
metres). The limits come from a standard's threshold rows (data); here they are only compared.
Values are compared exactly: a value is never rounded before it is compared with a limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.utils.translation import gettext_lazy as _

LEVELS = ("A", "B", "C")
NOT_MET = "not_met"
ORDER = {"A": 0, "B": 1, "C": 2, NOT_MET: 3}
ROOM_M2 = Decimal(15)  # one standard room (标准间), GB/T 23795-2009 §3.1.2
PERCENT, PER_KM, PLAIN = Decimal(100), Decimal(1000), Decimal(1)


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``numerator × factor ÷ denominator`` over a survey's counts."""

    code: str
    pest: str
    label: str
    unit: str
    numerator: str
    denominator: str
    factor: Decimal = PERCENT


def _ind(code, pest, label, unit, numerator, denominator, factor=PERCENT) -> Indicator:
    return Indicator(code, pest, label, unit, numerator, denominator, factor)


# DOMAIN.md §1.2, in its order.
CATALOGUE: tuple[Indicator, ...] = (
    _ind("rodent_room_rate", "rodent", _("indoor rodent-sign positive rate"), "%",
         "rooms_positive", "rooms_inspected"),
    _ind("rodent_powder_rate", "rodent", _("powder-patch positive rate"), "%",
         "powder_positive", "powder_patches"),
    _ind("rodent_proofing_rate", "rodent", _("defective rodent-proofing rate"), "%",
         "proofing_defective", "proofing_inspected"),
    _ind("rodent_path_index", "rodent", _("outdoor rodent-sign path index"), "/km",
         "path_positive", "path_m", PER_KM),
    _ind("mosquito_path_index", "mosquito", _("small water body path index"), "/km",
         "path_positive", "path_m", PER_KM),
    _ind("mosquito_water_rate", "mosquito", _("small water body positive rate"), "%",
         "water_positive", "water_inspected"),
    _ind("mosquito_dip_rate", "mosquito", _("positive dip rate (large water bodies)"), "%",
         "dips_positive", "dips"),
    _ind("mosquito_larvae_per_dip", "mosquito", _("larvae and pupae per positive dip"),
         _("per dip"), "larvae_pupae", "dips_positive", PLAIN),
    _ind("mosquito_landing_index", "mosquito", _("adult mosquito landing index"),
         _("per person-time"), "landing_count", "landing_person_times", PLAIN),
    _ind("fly_room_rate", "fly", _("indoor fly-room positive rate"), "%",
         "rooms_positive", "rooms_inspected"),
    _ind("fly_density", "fly", _("flies per positive room"), _("per room"),
         "adults", "rooms_positive", PLAIN),
    _ind("fly_proofing_rate", "fly", _("defective fly-proofing rate"), "%",
         "proofing_defective", "proofing_inspected"),
    _ind("fly_breeding_rate", "fly", _("outdoor breeding-site positive rate"), "%",
         "breeding_positive", "breeding_inspected"),
    _ind("roach_infestation_rate", "cockroach", _("adult/nymph infestation rate"), "%",
         "rooms_positive", "rooms_inspected"),
    _ind("roach_large_per_room", "cockroach", _("large cockroaches per positive room"),
         _("per room"), "large_roaches", "rooms_positive", PLAIN),
    _ind("roach_small_per_room", "cockroach", _("small cockroaches per positive room"),
         _("per room"), "small_roaches", "rooms_positive", PLAIN),
    _ind("roach_ootheca_rate", "cockroach", _("live ootheca room rate"), "%",
         "ootheca_rooms", "rooms_inspected"),
    _ind("roach_oothecae_per_room", "cockroach", _("oothecae per ootheca-positive room"),
         _("per room"), "oothecae", "ootheca_rooms", PLAIN),
    _ind("roach_trace_rate", "cockroach", _("cockroach-trace room rate"), "%",
         "trace_rooms", "rooms_inspected"),
)  # fmt: skip
BY_CODE = {indicator.code: indicator for indicator in CATALOGUE}


def indicators_of(pest: str) -> list[Indicator]:
    """The indicators of one pest, in catalogue order."""
    return [indicator for indicator in CATALOGUE if indicator.pest == pest]


def count_fields(pest: str) -> list[str]:
    """The survey count fields a pest's method takes, in first-use order."""
    fields: list[str] = []
    for indicator in indicators_of(pest):
        for name in (indicator.denominator, indicator.numerator):
            if name not in fields:
                fields.append(name)
    return fields


def indicator_value(indicator: Indicator, counts: Mapping) -> Decimal | None:
    """The indicator's value; None when a count was not taken or the denominator is 0."""
    numerator, denominator = counts.get(indicator.numerator), counts.get(indicator.denominator)
    if numerator is None or denominator is None or denominator == 0:
        return None
    # 40 significant digits: a quotient equal to a 2-decimal limit comes out exact, and one
    # that differs from it differs far above the last digit, so comparing stays exact.
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(numerator) * indicator.factor / Decimal(denominator)


def indicator_values(pest: str, counts: Mapping) -> dict[str, Decimal | None]:
    """``{code: value}`` of every indicator of ``pest`` (None where not measured)."""
    return {ind.code: indicator_value(ind, counts) for ind in indicators_of(pest)}


def _meets(value: Decimal, limit, strict: bool) -> bool:
    if limit is None:  # a blank limit: the level sets no cap on this indicator
        return True
    return value < limit if strict else value <= limit


def indicator_level(value: Decimal | None, limits, strict: bool = False) -> str | None:
    """``"A"``, ``"B"``, ``"C"`` or ``"not_met"`` for ``value`` under ``limits`` (A, B, C).

    The best level whose limit the value meets (``<`` when ``strict``, else ``≤``); None when
    the value was not measured."""
    if value is None:
        return None
    for level, limit in zip(LEVELS, limits, strict=True):
        if _meets(value, None if limit is None else Decimal(limit), strict):
            return level
    return NOT_MET


def worst(levels) -> str | None:
    """The worst of some levels (None ignored); None when there is none."""
    present = [level for level in levels if level is not None]
    return max(present, key=ORDER.__getitem__) if present else None


def indicator_levels(pest: str, counts: Mapping, thresholds: Mapping) -> dict[str, str | None]:
    """``{code: level}`` for each indicator; ``thresholds`` maps a code to
    ``(limits, strict)``; an indicator without a threshold row is not rated (None)."""
    values = indicator_values(pest, counts)
    levels = {}
    for code, value in values.items():
        rule = thresholds.get(code)
        levels[code] = indicator_level(value, rule[0], rule[1]) if rule else None
    return levels


def pest_level(pest: str, counts: Mapping, thresholds: Mapping) -> str | None:
    """The pest's overall level: the worst level among the indicators measured (DOMAIN §1.2
    "Overall level"); None when no rated indicator was measured."""
    return worst(indicator_levels(pest, counts, thresholds).values())


def standard_rooms(area_m2) -> int:
    """Standard rooms (标准间) of one room of ``area_m2``: 15 m² is one room, a room under 15 m²
    counts as one, a larger one is converted at 15 m² per room with a remainder counted as one
    (GB/T 23795-2009 §3.1.2)."""
    area = Decimal(str(area_m2))
    if area <= 0:
        raise ValueError(area_m2)
    return max(1, math.ceil(area / ROOM_M2))
