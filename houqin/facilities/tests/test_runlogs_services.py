"""Recording a shift's run logs: all or nothing, readings checked against the category,
anomalies opening work orders, meters read, duplicates refused; the 台班 figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Event, Person
from houqin.facilities.choices import EquipmentStatus, RunStatus, WorkOrderSource
from houqin.facilities.metrics.runlogs import run_shift_metrics
from houqin.facilities.models import MeterReading, RunLog, WorkOrder
from houqin.facilities.services.runlogs import RunEntry, run_log_void, run_logs_record
from houqin.reports.registry import year_bounds

pytestmark = pytest.mark.usefixtures("english")

YESTERDAY = timezone.localdate() - timedelta(days=1)


def ac(unit, supply="7", ret="12", **extra) -> RunEntry:
    return RunEntry(equipment=unit, readings={"supply_temp": supply, "return_temp": ret}, **extra)


def power(unit, voltage="400", load="120", **extra) -> RunEntry:
    return RunEntry(equipment=unit, readings={"voltage": voltage, "load": load}, **extra)


def record(plant, by, entries, *, shift=0, day=YESTERDAY):
    return run_logs_record(
        site=plant.site, shift_date=day, shift=plant.shifts[shift], by=by, entries=entries
    )


def errors_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_shift_of_three_units_is_logged_with_one_abnormal_opening_a_work_order(plant, tech, fm):
    entries = [
        ac(plant.chiller),
        ac(
            plant.pump,
            supply="14",
            status=RunStatus.ABNORMAL,
            anomaly="水泵异响",
            open_work_order=True,
        ),
        power(plant.switchgear),
    ]
    logs = record(plant, tech, entries)

    assert [log.number[:8] for log in logs] == [f"YX-{YESTERDAY.year}-"] * 3
    assert len({log.number for log in logs}) == 3
    chiller, pump, switchgear = logs
    assert chiller.system == "central_ac" and switchgear.system == "power_distribution"
    assert chiller.readings == {"supply_temp": "7", "return_temp": "12"}
    assert chiller.operator == Person.objects.get(user=tech)
    start = timezone.localtime(chiller.started_at)
    assert (start.date(), start.hour) == (YESTERDAY, 8)
    assert chiller.ended_at - chiller.started_at == timedelta(hours=8)
    order = WorkOrder.objects.get()
    assert pump.work_order == order
    assert order.source == WorkOrderSource.RUN_LOG
    assert order.equipment == plant.pump and order.description == "水泵异响"
    assert Event.objects.filter(verb="run_log").count() == 3
    assert chiller.work_order is None


def test_a_meter_reading_is_kept(plant, tech):
    (log,) = record(plant, tech, [ac(plant.chiller)])
    assert not MeterReading.objects.exists()
    entry = ac(plant.pump)
    entry.readings["hours"] = "1234.5"
    (log,) = record(plant, tech, [entry])
    meter = MeterReading.objects.get()
    assert (meter.equipment, meter.run_log, str(meter.value)) == (plant.pump, log, "1234.50")


@pytest.mark.parametrize(
    ("entry_kwargs", "message"),
    [
        ({"supply": ""}, "供水温度: this reading is required."),
        ({"supply": "abc"}, "供水温度: enter a number."),
        ({"supply": "nan"}, "供水温度: enter a number."),
        ({"supply": "15"}, "供水温度: 15 is outside the normal range 5–12 °C"),
        ({"status": RunStatus.ABNORMAL}, "Describe the anomaly"),
        ({"is_accident": True}, "accident must be marked abnormal"),
        ({"open_work_order": True}, "only for an abnormal unit"),
        ({"status": "broken"}, "Choose normal or abnormal."),
    ],
)
def test_bad_entries_are_refused_on_their_card_and_nothing_is_saved(
    plant, tech, entry_kwargs, message
):
    bad = ac(plant.pump, **entry_kwargs)
    with pytest.raises(ValidationError) as exc:
        record(plant, tech, [ac(plant.chiller), bad])
    assert list(exc.value.message_dict) == ["entries.1"]
    assert message in errors_of(exc)
    assert not RunLog.objects.exists() and not WorkOrder.objects.exists()


def test_an_out_of_range_reading_is_accepted_on_an_abnormal_log(plant, tech):
    (log,) = record(
        plant, tech, [ac(plant.chiller, supply="15", status=RunStatus.ABNORMAL, anomaly="温度高")]
    )
    assert log.readings["supply_temp"] == "15"


def test_unknown_reading_codes_are_refused(plant, tech):
    entry = ac(plant.chiller)
    entry.readings["pressure"] = "3"
    with pytest.raises(ValidationError) as exc:
        record(plant, tech, [entry])
    assert "Unknown reading pressure." in errors_of(exc)


def test_units_of_another_site_or_out_of_service_are_refused(plant, other_plant, tech):
    plant.pump.status = EquipmentStatus.UNDER_REPAIR
    plant.pump.save()
    with pytest.raises(ValidationError) as exc:
        record(plant, tech, [ac(other_plant.chiller), ac(plant.pump)])
    assert set(exc.value.message_dict) == {"entries.0", "entries.1"}
    assert "not at the chosen site" in errors_of(exc)
    assert "not in service" in errors_of(exc)


def test_a_second_log_of_the_same_unit_and_shift_is_refused(plant, tech):
    (first,) = record(plant, tech, [ac(plant.chiller)])
    with pytest.raises(ValidationError) as exc:
        record(plant, tech, [ac(plant.pump), ac(plant.chiller)])
    assert f"already logged for this shift ({first.number})" in errors_of(exc)
    with pytest.raises(ValidationError, match="logged twice"):
        record(plant, tech, [ac(plant.pump), ac(plant.pump)], shift=1)
    assert RunLog.objects.count() == 1
    run_log_void(log=first, by=tech, reason="录错")
    assert len(record(plant, tech, [ac(plant.chiller)])) == 1


def test_a_shift_that_has_not_started_is_refused(plant, tech):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="has not started yet"):
        record(plant, tech, [ac(plant.chiller)], day=tomorrow)


def test_a_shift_of_another_site_and_no_entries_are_refused(plant, other_plant, tech):
    with pytest.raises(ValidationError, match="not at the chosen site"):
        run_logs_record(
            site=plant.site,
            shift_date=YESTERDAY,
            shift=other_plant.shifts[0],
            by=tech,
            entries=[ac(plant.chiller)],
        )
    with pytest.raises(ValidationError, match="at least one unit"):
        record(plant, tech, [])


def test_run_shift_metrics_count_safe_shifts_per_system(plant, other_plant, tech, other_tech):
    day = date(2026, 3, 2)
    record(plant, tech, [ac(plant.chiller), ac(plant.pump), power(plant.switchgear)], day=day)
    record(plant, tech, [ac(plant.chiller)], shift=1, day=day)
    accident = ac(plant.chiller, status=RunStatus.ABNORMAL, anomaly="停机", is_accident=True)
    record(plant, tech, [accident, ac(plant.pump), power(plant.switchgear)], shift=2, day=day)
    (void,) = record(plant, tech, [power(plant.switchgear)], shift=1, day=day)
    run_log_void(log=void, by=tech, reason="录错")
    record(other_plant, other_tech, [ac(other_plant.chiller)], day=day)

    start, end = year_bounds(2026)
    values = run_shift_metrics(site_ids=[plant.site.pk], start=start, end=end)
    # AC: shift 0 and shift 1 (shift 2 had an accident); power: shifts 0 and 2.
    assert values["facilities.run_shifts.central_ac"] == 2
    assert values["facilities.run_shifts.power_distribution"] == 2
    assert values["facilities.run_shifts.elevator"] == 0
    assert values["facilities.equipment_accidents"] == 1
    everywhere = run_shift_metrics(site_ids=None, start=start, end=end)
    assert everywhere["facilities.run_shifts.central_ac"] == 3
    earlier = run_shift_metrics(site_ids=None, start=year_bounds(2025)[0], end=start)
    assert earlier["facilities.run_shifts.central_ac"] == 0


def test_run_shift_metrics_use_one_query(plant, tech, django_assert_num_queries):
    start, end = year_bounds(2026)
    with django_assert_num_queries(1):
        run_shift_metrics(site_ids=None, start=start, end=end)


def test_the_current_shift_is_found_by_the_clock(plant):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from houqin.facilities.models import OperatingShift
    from houqin.facilities.services.runlogs import current_shift

    tz = ZoneInfo("Asia/Shanghai")
    shifts = plant.shifts
    assert current_shift(shifts, datetime(2026, 3, 2, 17, tzinfo=tz)) == (
        shifts[1],
        date(2026, 3, 2),
    )
    night = OperatingShift.objects.create(
        site=plant.site, name="长夜班", start_time=time(22), hours=10
    )
    assert current_shift([night], datetime(2026, 3, 3, 5, tzinfo=tz)) == (night, date(2026, 3, 2))
