"""The work-order workflow through its services: dispatch, start, complete with parts, rating,
closing and reopening; orders from hazards, cameras and inspection findings; the figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Notification
from houqin.facilities.choices import WorkOrderSource, WorkOrderStatus
from houqin.facilities.metrics.workorders import work_order_metrics
from houqin.facilities.models import WorkOrder
from houqin.facilities.services import workorders as services
from houqin.facilities.services.workorders import PartLine
from houqin.reports.aggregates import Elapsed, median
from houqin.reports.registry import year_bounds

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def order(personas, plant, fm):
    return services.work_order_open(
        site=personas.site, description="冷水机组异响", by=personas.staff, equipment=plant.chiller
    )


def _repaired(order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    return services.work_order_complete(
        order=order,
        by=tech,
        resolution="更换轴承",
        labour_hours=Decimal("1.5"),
        parts=[PartLine("轴承", Decimal("2"), "个", Decimal("35.50"))],
    )


def test_dispatch_sets_the_response_deadline_and_tells_the_technician(order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm, priority="urgent")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED
    assert order.assigned_to == tech
    assert order.respond_by == order.reported_at + timedelta(hours=1)
    assert Notification.objects.filter(recipient=tech, level="danger").count() == 1


def test_dispatch_refuses_a_technician_of_another_site(order, fm, other_tech):
    with pytest.raises(ValidationError) as exc:
        services.work_order_dispatch(order=order, technician=other_tech, by=fm)
    assert "technician" in exc.value.message_dict
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.REPORTED and order.assigned_to is None


def test_only_a_dispatcher_may_dispatch(order, tech):
    with pytest.raises(ValidationError, match="dispatcher"):
        services.work_order_dispatch(order=order, technician=tech, by=tech)


def test_start_is_for_the_assignee_only(order, fm, tech, personas):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    with pytest.raises(ValidationError):
        services.work_order_start(order=order, by=personas.staff)
    services.work_order_start(order=order, by=tech)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.IN_PROGRESS and order.started_at is not None


def test_complete_records_parts_and_tells_the_reporter(order, fm, tech, personas):
    _repaired(order, fm, tech)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DONE
    assert order.labour_hours == Decimal("1.5")
    part = order.parts.get()
    assert (part.name, part.quantity, part.site_id) == ("轴承", 2, order.site_id)
    assert Notification.objects.filter(recipient=personas.staff).count() == 1


def test_complete_with_a_bad_part_changes_nothing(order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    with pytest.raises(ValidationError):
        services.work_order_complete(
            order=order,
            by=tech,
            resolution="修好",
            labour_hours=Decimal("1"),
            parts=[PartLine("螺丝", Decimal("0"))],
        )
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.IN_PROGRESS and not order.parts.exists()


def test_cannot_complete_before_starting(order, fm, tech):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    with pytest.raises(ValidationError, match="assigned"):
        services.work_order_complete(order=order, by=tech, resolution="x", labour_hours=None)


def test_reporter_rates_and_a_poor_rating_alerts_the_dispatchers(order, fm, tech, personas):
    _repaired(order, fm, tech)
    services.work_order_rate(order=order, rating=2, comment="还在响", by=personas.staff)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED
    assert (order.rating, order.rating_comment) == (2, "还在响")
    assert Notification.objects.filter(recipient=fm, level="warning").count() == 1


def test_someone_else_cannot_rate(order, fm, tech, personas):
    _repaired(order, fm, tech)
    with pytest.raises(ValidationError, match="reported"):
        services.work_order_rate(order=order, rating=5, by=personas.guard)


@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_rating_must_be_one_to_five(order, fm, tech, personas, rating):
    _repaired(order, fm, tech)
    with pytest.raises(ValidationError):
        services.work_order_rate(order=order, rating=rating, by=personas.staff)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DONE


def test_cannot_rate_before_the_repair(order, personas):
    with pytest.raises(ValidationError):
        services.work_order_rate(order=order, rating=5, by=personas.staff)


def test_dispatcher_closes_unrated_or_reopens(order, fm, tech):
    _repaired(order, fm, tech)
    with pytest.raises(ValidationError):
        services.work_order_reopen(order=order, by=fm, reason="")
    services.work_order_reopen(order=order, by=fm, reason="仍漏水")
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.completed_at is None
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="再修", labour_hours=None)
    services.work_order_close(order=order, by=fm)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.rating is None


def test_a_technician_cannot_close(order, fm, tech):
    _repaired(order, fm, tech)
    with pytest.raises(ValidationError):
        services.work_order_close(order=order, by=tech)


def test_void_order_cannot_be_dispatched(order, fm, tech):
    from houqin.core.services import record_void

    record_void(record=order, by=fm, reason="重复")
    with pytest.raises(ValidationError, match="void"):
        services.work_order_dispatch(order=order, technician=tech, by=fm)


def test_work_order_from_a_hazard_and_no_second_one_while_open(personas, plant, fm):
    from houqin.security.services.hazards import hazard_report

    hazard = hazard_report(
        site=personas.site,
        description="配电柜门锁损坏",
        category="fire",
        by=personas.guard,
        location=plant.room,
    )
    order = services.work_order_from_hazard(hazard=hazard, by=fm)
    assert (order.source, order.hazard, order.location) == (
        WorkOrderSource.HAZARD,
        hazard,
        plant.room,
    )
    with pytest.raises(ValidationError, match=order.number):
        services.work_order_from_hazard(hazard=hazard, by=fm)


def test_work_order_from_a_camera(personas, plant, fm):
    from houqin.security.models import Camera

    camera = Camera.objects.create(
        site=personas.site, code="C1", name="机房摄像机", kind="dome", location=plant.room
    )
    with pytest.raises(ValidationError):
        services.work_order_from_camera(camera=camera, by=fm, description=" ")
    order = services.work_order_from_camera(camera=camera, by=fm, description="画面黑屏")
    assert (order.source, order.camera, order.location) == ("camera", camera, plant.room)


def test_inspection_finding_opens_a_work_order(personas, plant, tech):
    from types import SimpleNamespace

    from houqin.facilities.inspections import inspection_finding
    from houqin.inspections.registry import kind_config

    assert kind_config("equipment").finding_handler is inspection_finding
    assert kind_config("fire").scan_perm == "facilities.add_runlog"
    checkpoint = SimpleNamespace(location=plant.room, location_id=plant.room.pk, name="机房")
    finding = SimpleNamespace(
        site=personas.site,
        checkpoint=checkpoint,
        description="灭火器压力不足",
        reported_at=timezone.now(),
    )
    order = inspection_finding(finding, None, tech)
    assert (order.source, order.location) == (WorkOrderSource.INSPECTION, plant.room)


def test_median_of_odd_and_even_counts(personas):
    from django.db.models import F

    for n in (5, 1, 3):
        WorkOrder.objects.create(
            site=personas.site,
            number=f"WX-T-{n}",
            description="x",
            reported_at=timezone.now(),
            labour_hours=n,
        )
    qs = WorkOrder.objects.all()
    assert median(qs, F("labour_hours")) == 3
    WorkOrder.objects.create(
        site=personas.site,
        number="WX-T-9",
        description="x",
        reported_at=timezone.now(),
        labour_hours=9,
    )
    assert median(qs, F("labour_hours")) == 4
    assert median(qs.none(), F("labour_hours")) is None


def test_elapsed_time_between_two_moments_and_its_median(personas):
    """Computed by the database on both engines (SQLite in its own date arithmetic), to the
    millisecond; a missing moment gives no duration."""
    reported = timezone.now().replace(microsecond=0)
    spans = [
        timedelta(days=1, hours=2, minutes=3, seconds=4.5),
        timedelta(minutes=7),
        timedelta(hours=30, milliseconds=250),
    ]
    for n, span in enumerate(spans):
        WorkOrder.objects.create(
            site=personas.site,
            number=f"WX-E-{n}",
            description="x",
            reported_at=reported,
            started_at=reported + span,
        )
    WorkOrder.objects.create(
        site=personas.site, number="WX-E-9", description="x", reported_at=reported
    )
    response = Elapsed("started_at", "reported_at")
    found = dict(WorkOrder.objects.annotate(span=response).values_list("number", "span"))
    assert [found[f"WX-E-{n}"] for n in range(3)] == spans
    assert found["WX-E-9"] is None
    started = WorkOrder.objects.filter(started_at__isnull=False)
    assert median(started, response) == timedelta(days=1, hours=2, minutes=3, seconds=4.5)


def test_metrics(order, fm, tech, personas):
    _repaired(order, fm, tech)
    WorkOrder.objects.filter(pk=order.pk).update(
        reported_at=order.started_at - timedelta(hours=2),
        completed_at=order.started_at + timedelta(hours=3),
    )
    services.work_order_rate(order=order, rating=5, by=personas.staff)
    start, end = year_bounds(timezone.localdate().year)
    values = work_order_metrics(site_ids=[personas.site.pk], start=start, end=end)
    assert values["facilities.work_orders_opened"] == 1
    assert values["facilities.work_orders_closed"] == 1
    assert values["facilities.work_order_response_hours_median"] == 2.0
    assert values["facilities.work_order_repair_hours_median"] == 3.0
    assert values["facilities.work_order_satisfaction"] == 5.0
    assert values["facilities.work_order_satisfied_pct"] == 100.0
    other = work_order_metrics(site_ids=[personas.other_site.pk], start=start, end=end)
    assert other["facilities.work_orders_opened"] == 0
