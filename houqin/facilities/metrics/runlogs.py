"""runlogs figures for the annual report (SPEC §4): safe shifts (台班) per system and equipment
accidents."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.facilities.choices import System
from houqin.facilities.queries.runlogs import COUNTED_SYSTEMS, run_shift_figures
from houqin.reports.registry import Metric, metric_source

SHIFT_LABELS = {
    System.CENTRAL_AC: _("safe shifts of central air-conditioning"),
    System.ELEVATOR: _("safe shifts of elevators"),
    System.WATER_SUPPLY: _("safe shifts of water supply"),
    System.POWER_DISTRIBUTION: _("safe shifts of power distribution"),
    System.FIRE_PROTECTION: _("safe shifts of fire protection"),
    System.CCTV: _("safe shifts of CCTV"),
}


@metric_source(
    *(
        Metric(
            f"facilities.run_shifts.{system.value}",
            SHIFT_LABELS[system],
            # 台班: one system run safely through one operating shift, the seed's unit
            pgettext_lazy("unit", "system shifts"),
            definition=_(
                "Safe operating shifts of the system named in the label: the (site, shift "
                "date, operating shift) combinations with a shift date in the period that "
                "have at least one run log of that system, none of them marked as an "
                "accident; voided logs are not counted."
            ),
        )
        for system in COUNTED_SYSTEMS
    ),
    Metric(
        "facilities.equipment_accidents",
        _("equipment accidents"),
        _("accidents"),
        definition=_(
            "Equipment run logs marked as an accident whose shift date lies in the "
            "period, each log counted once; voided logs are not counted."
        ),
    ),
)
def run_shift_metrics(*, site_ids, start, end) -> dict:
    """台班 (safe operating shifts) per system, and equipment accidents, in one query.

    Counting rule: a 台班 of a system is one (shift date, operating shift) with at least one
    non-void run log of that system and no log of that system in that shift marked
    ``is_accident``; distinct pairs are counted in the database. A shift belongs to the period
    by its shift date. ``facilities.equipment_accidents`` counts the non-void logs marked
    ``is_accident``."""
    row = run_shift_figures(site_ids=site_ids, start=start, end=end)
    values = {f"facilities.run_shifts.{s.value}": row[s.value] or 0 for s in COUNTED_SYSTEMS}
    values["facilities.equipment_accidents"] = row["accidents"] or 0
    return values
