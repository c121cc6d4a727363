"""The engine's writes: scheduling, scans in and out of order, late and missed rounds, queued
scans sent twice, refused times and sites, check results and findings."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Event, Location
from houqin.inspections import registry, services
from houqin.inspections.choices import RoundStatus
from houqin.inspections.models import Finding, Round, Scan
from houqin.inspections.tests.helpers import checkpoints, open_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _scan(cp, by, **kwargs):
    return services.round_scan(checkpoint=cp, by=by, **kwargs)


def test_scans_in_order_complete_the_round(route, personas):
    rnd = open_round(route)
    for cp in checkpoints(route):
        outcome = _scan(cp, personas.guard)
        assert outcome.created and outcome.round.pk == rnd.pk
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.COMPLETE
    assert (rnd.scans_done, rnd.stops_total) == (3, 3)
    assert rnd.walked_by == personas.guard
    assert all(s.in_order and s.on_time and not s.queued for s in Scan.objects.all())
    assert Event.objects.filter(verb="round_done", object_id=rnd.pk).exists()


def test_scan_is_stamped_with_server_time_and_the_walker(route, personas):
    open_round(route)
    before = timezone.now()
    scan = _scan(checkpoints(route)[0], personas.guard).scan
    assert before <= scan.scanned_at == scan.received_at <= timezone.now()
    assert scan.scanned_by == personas.guard


def test_a_skipped_stop_scanned_later_is_out_of_order(route, personas):
    rnd = open_round(route)
    first, second, third = checkpoints(route)
    for cp in (first, third, second):
        _scan(cp, personas.guard)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.OUT_OF_ORDER
    assert not Scan.objects.get(checkpoint=second).in_order
    assert Scan.objects.get(checkpoint=third).in_order


def test_stops_scanned_after_their_window_make_the_round_late(route, personas):
    rnd = open_round(route, starts_at=timezone.now() - timedelta(minutes=50))
    for cp in checkpoints(route):
        _scan(cp, personas.guard)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.LATE
    assert not Scan.objects.get(checkpoint=checkpoints(route)[0]).on_time


def test_a_round_past_due_with_checkpoints_missing_is_closed_as_missed(route, personas):
    rnd = open_round(route, starts_at=timezone.now() - timedelta(hours=3))
    _scan(checkpoints(route)[0], personas.guard, scanned_at=rnd.starts_at + timedelta(minutes=2))
    assert services.rounds_close_due(now=timezone.now()) == 1
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.MISSED
    assert rnd.scans_done == 1
    assert services.rounds_close_due(now=timezone.now()) == 0


def test_an_open_round_still_in_time_is_not_closed(route, personas):
    rnd = open_round(route)
    assert services.rounds_close_due(now=timezone.now()) == 0
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.OPEN


def test_the_same_queued_scan_sent_twice_is_recorded_once(route, personas):
    rnd = open_round(route)
    taken = timezone.now() - timedelta(minutes=3)
    cp = checkpoints(route)[0]
    first = _scan(cp, personas.guard, scanned_at=taken, queued=True)
    again = _scan(cp, personas.guard, scanned_at=taken, queued=True)
    assert first.created and not again.created
    assert again.scan.pk == first.scan.pk
    assert first.scan.queued and first.scan.scanned_at == taken
    assert Scan.objects.count() == 1
    rnd.refresh_from_db()
    assert rnd.scans_done == 1


def test_a_second_scan_of_the_same_checkpoint_is_refused(route, personas):
    open_round(route)
    cp = checkpoints(route)[0]
    _scan(cp, personas.guard)
    with pytest.raises(ValidationError, match="already been scanned"):
        _scan(cp, personas.guard)
    assert Scan.objects.count() == 1


@pytest.mark.parametrize("offset", [timedelta(minutes=10), timedelta(hours=-25)])
def test_a_scan_time_in_the_future_or_too_old_is_refused(route, personas, offset):
    open_round(route)
    with pytest.raises(ValidationError):
        _scan(checkpoints(route)[0], personas.guard, scanned_at=timezone.now() + offset)
    assert not Scan.objects.exists()


def test_a_checkpoint_of_another_site_is_refused(route, personas):
    open_round(route)
    with pytest.raises(ValidationError) as exc:
        _scan(checkpoints(route)[0], personas.outsider)
    assert exc.value.code == "site"
    assert not Scan.objects.exists()


def test_a_scan_outside_any_round_is_refused(route, personas):
    # Without schedules: at 08:00–09:00 the route's own schedule would rightly open a round.
    route.schedules.all().delete()
    open_round(route, starts_at=timezone.now() + timedelta(hours=3))
    with pytest.raises(ValidationError, match="No round"):
        _scan(checkpoints(route)[0], personas.guard)


def test_the_first_scan_creates_the_round_from_the_schedule(route, personas):
    start = (timezone.localtime() - timedelta(minutes=5)).replace(second=0, microsecond=0)
    route.schedules.update(start_time=time(start.hour, start.minute))
    outcome = _scan(checkpoints(route)[0], personas.guard)
    assert outcome.round.starts_at == start
    assert outcome.round.number.startswith("XL-")
    assert Round.objects.count() >= 1


def test_scheduling_a_day_twice_creates_its_rounds_once(route, personas):
    day = timezone.localdate() + timedelta(days=2)
    created = services.rounds_schedule(site=personas.site, day=day)
    assert len(created) == 1
    assert created[0].starts_at == timezone.make_aware(datetime.combine(day, time(8, 0)))
    assert created[0].stops_total == 3
    assert services.rounds_schedule(site=personas.site, day=day) == []


def test_scan_ingestion_is_a_handful_of_queries(route, personas, django_assert_max_num_queries):
    open_round(route)
    cp = checkpoints(route)[0]
    cp = type(cp).objects.select_related("site").get(pk=cp.pk)
    _scan(checkpoints(route)[1], personas.guard)  # warms the permission map
    # round (locked) + its scans + INSERT + UPDATE, between SAVEPOINT and RELEASE
    with django_assert_max_num_queries(6):
        _scan(cp, personas.guard)


def test_check_results_give_the_round_a_weighted_score(route, personas):
    open_round(route)
    scan = _scan(checkpoints(route)[0], personas.guard).scan
    heavy, light = route.items.order_by("position")
    rnd = services.round_record_results(
        scan=scan, results=[(heavy.pk, True, ""), (light.pk, False, "杂物")], by=personas.guard
    )
    assert str(rnd.score) == "66.7"


def test_a_check_item_of_another_route_is_refused(route, personas):
    open_round(route)
    scan = _scan(checkpoints(route)[0], personas.guard).scan
    with pytest.raises(ValidationError):
        services.round_record_results(scan=scan, results=[(999999, True, "")], by=personas.guard)


def test_a_finding_calls_the_kinds_handler_and_points_at_its_record(route, personas, monkeypatch):
    opened = []

    def handler(finding, photo, by):
        opened.append((finding.description, finding.category, by))
        return Location.objects.create(site=finding.site, code="F1", name="record")

    monkeypatch.setitem(
        registry.KINDS,
        "patrol",
        registry.RouteKindConfig("patrol", "patrol", "inspections.scan_round", handler),
    )
    rnd = open_round(route)
    finding = services.finding_report(
        round=rnd, description=" 围墙  破损 ", by=personas.guard, category="structural"
    )
    assert opened == [("围墙 破损", "structural", personas.guard)]
    assert finding.opened_id == Location.objects.get(code="F1").pk
    assert finding.opened_type.model == "location"


def test_a_finding_without_description_is_refused(route, personas):
    rnd = open_round(route)
    with pytest.raises(ValidationError):
        services.finding_report(round=rnd, description="  ", by=personas.guard)
    assert not Finding.objects.exists()


def test_a_route_with_another_sites_checkpoint_is_refused(route, personas):
    other = services.checkpoint_create(
        site=personas.other_site, name="外", code="X1", by=personas.secadmin
    )
    with pytest.raises(ValidationError):
        services.route_save(
            route=route, stops=[services.StopData(other)], schedules=[], items=[], by=None
        )
    assert route.stops.count() == 3


def test_a_new_checkpoint_gets_its_scan_link(personas):
    cp = services.checkpoint_create(site=personas.site, name="大门", code="gm1", by=None)
    assert cp.code == "GM1"
    assert cp.scan_link.purpose == "checkpoint"
    assert cp.scan_link.object_id == cp.pk
