"""Services of the cleaning subject and the engine extensions they rest on: spot rounds, the
result handler, the scan redirect; zones, inspections, rectifications and their re-check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from houqin.core.models import Notification
from houqin.core.services import scan_link_sign
from houqin.environment.choices import RectificationStatus
from houqin.environment.models import ZoneRectification
from houqin.environment.services import cleaning as services
from houqin.environment.tests.helpers_cleaning import *  # noqa: F403  (fixtures)
from houqin.environment.tests.helpers_cleaning import answers, make_zone, photo
from houqin.inspections import registry
from houqin.inspections import services as engine
from houqin.inspections.models import Round, RouteStop

pytestmark = pytest.mark.usefixtures("english")


def _inspect(setup, by, failed=(), spot=False):
    photos = {setup.items[i].pk: photo() for i in failed}
    return services.zone_inspect(
        zone=setup.zone, by=by, results=answers(setup.items, failed), photos=photos, spot=spot
    )


# Engine extensions ---------------------------------------------------------------------------


def test_round_start_numbers_a_spot_round(zone_setup, sup):
    route = services.cleaning_route(zone_setup.zone.site_id)
    rnd = engine.round_start(route=route, by=sup)
    assert rnd.number.startswith("XL") and rnd.kind == "cleaning"
    assert rnd.stops_total == 1 and rnd.ends_at - rnd.starts_at == timedelta(minutes=240)


def test_round_start_refuses_inactive_route_and_wrong_user(zone_setup, cleaner, other_sup):
    route = services.cleaning_route(zone_setup.zone.site_id)
    with pytest.raises(ValidationError, match="do not walk"):
        engine.round_start(route=route, by=cleaner)
    with pytest.raises(ValidationError, match="do not walk"):
        engine.round_start(route=route, by=other_sup)
    route.is_active = False
    route.save()
    with pytest.raises(ValidationError, match="no longer in use"):
        engine.round_start(route=route, by=cleaner)


def test_result_handler_receives_results_and_photos(zone_setup, sup):
    seen = []
    config = registry.kind_config("cleaning")
    registry.register(
        "cleaning",
        label=config.label,
        scan_perm=config.scan_perm,
        result_handler=lambda scan, results, by, photos: seen.append((results, photos, by)),
    )
    try:
        _inspect(zone_setup, sup, failed=(1,))
    finally:
        registry.KINDS["cleaning"] = config
    results, photos, by = seen[0]
    assert by == sup and len(results) == 3 and all(r.pk for r in results)
    assert list(photos) == [zone_setup.items[1].pk]


def test_scan_of_zone_label_redirects_supervisor(client, zone_setup, sup, cleaner):
    link = zone_setup.zone.checkpoint.scan_link
    url = f"/s/{scan_link_sign(link)}/"
    client.force_login(sup)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/environment/zones/{zone_setup.zone.pk}/inspect/"
    client.force_login(cleaner)  # no round walking at all: the engine refuses
    assert client.get(url).status_code == 403


# Zones ---------------------------------------------------------------------------------------


def test_zone_save_creates_checkpoint_route_stop_and_items(zone_setup, personas, envman):
    zone = zone_setup.zone
    assert zone.checkpoint.code == "Z01" and zone.checkpoint.scan_link_id
    route = services.cleaning_route(personas.site.pk)
    assert route.name == services.ROUTE_NAME and route.kind == "cleaning"
    assert [(i.text, i.weight) for i in zone_setup.items] == [
        ("地面无垃圾", 5),
        ("垃圾桶清理", 3),
        ("玻璃洁净", 2),
    ]
    second = make_zone(personas.site, envman, code="Z02", name="二楼走廊")
    assert services.cleaning_route(personas.site.pk) == route
    assert RouteStop.objects.filter(route=route).count() == 2
    assert second.zone.checkpoint.location == second.zone.location


def test_zone_edit_keeps_items_in_place_and_refuses_removing_used_ones(zone_setup, envman, sup):
    zone = zone_setup.zone
    services.zone_save(zone=zone, items=[("地面无垃圾、无积水", 6), ("垃圾桶清理", 3)], by=envman)
    items = services.zone_items(zone)
    assert [i.pk for i in items] == [i.pk for i in zone_setup.items[:2]]
    assert items[0].weight == 6
    _inspect(type(zone_setup)(zone, items, zone_setup.person), sup)
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.zone_save(zone=zone, items=[("地面", 6)], by=envman)


def test_zone_save_refuses_other_site_location_or_person(zone_setup, personas, envman):
    from houqin.core.models import Location, Person

    zone = zone_setup.zone
    zone.location = Location.objects.filter(site=personas.other_site).first()
    with pytest.raises(ValidationError):
        services.zone_save(zone=zone, items=[("x", 1)], by=envman)
    zone.refresh_from_db()
    zone.responsible = Person.objects.create(site=personas.other_site, name="外人")
    with pytest.raises(ValidationError):
        services.zone_save(zone=zone, items=[("x", 1)], by=envman)


def test_zone_save_refuses_empty_items_and_bad_weight(personas, envman, cleaner):
    from houqin.environment.models import CleaningZone

    zone = CleaningZone(
        site=personas.site,
        code="Z9",
        name="x",
        location=personas.site.location_set.first(),
        responsible=cleaner.person,
        standard="s",
    )
    with pytest.raises(ValidationError, match="at least one"):
        services.zone_save(zone=zone, items=[("", 1)], by=envman)
    with pytest.raises(ValidationError, match="whole number"):
        services.zone_save(zone=zone, items=[("a", 0)], by=envman)


# Inspections ---------------------------------------------------------------------------------


@override_settings(HOUQIN_ZONE_RECTIFY_DAYS=3)
def test_failed_item_opens_rectification_with_deadline_and_notifies(zone_setup, sup, cleaner):
    outcome = _inspect(zone_setup, sup, failed=(0,))
    rect = ZoneRectification.objects.get()
    assert rect.item_text == "地面无垃圾" and rect.status == RectificationStatus.OPEN
    assert rect.deadline == timezone.localdate() + timedelta(days=3)
    assert rect.responsible == zone_setup.person and rect.photo is not None
    assert rect.round == outcome.round
    assert Notification.objects.filter(recipient=cleaner).count() == 1
    assert str(Round.objects.get().score) == "50.0"


def test_default_deadline_is_two_days(zone_setup, sup):
    _inspect(zone_setup, sup, failed=(2,))
    assert ZoneRectification.objects.get().deadline == timezone.localdate() + timedelta(days=2)


def test_inspection_uses_open_round_else_starts_spot_round(zone_setup, personas, envman, sup):
    second = make_zone(personas.site, envman, code="Z02", name="二楼走廊")
    first = _inspect(zone_setup, sup)
    again = _inspect(second, sup, spot=True)
    assert first.round == again.round and Round.objects.count() == 1
    third = _inspect(zone_setup, sup)  # the zone was seen on that round: a new spot round
    assert third.round != first.round and Round.objects.count() == 2


def test_failed_item_needs_photo_and_every_item_answered(zone_setup, sup):
    with pytest.raises(ValidationError, match="photo"):
        services.zone_inspect(
            zone=zone_setup.zone,
            by=sup,
            results=answers(zone_setup.items, failed=(0,)),
            photos={},
        )
    partial = answers(zone_setup.items)
    partial.pop(zone_setup.items[0].pk)
    with pytest.raises(ValidationError, match="every check item"):
        services.zone_inspect(zone=zone_setup.zone, by=sup, results=partial, photos={})
    assert Round.objects.count() == 0 and ZoneRectification.objects.count() == 0


def test_wrong_people_may_not_inspect(zone_setup, cleaner, other_sup):
    for user in (cleaner, other_sup):
        with pytest.raises(ValidationError, match="may not inspect"):
            _inspect(zone_setup, user)


# Rectifications ------------------------------------------------------------------------------


@pytest.fixture
def rect(zone_setup, sup):
    _inspect(zone_setup, sup, failed=(0,))
    return ZoneRectification.objects.get()


def test_report_then_recheck_passed(rect, cleaner, sup):
    services.rectification_report(rectification=rect, by=cleaner, note="已清扫", photo=photo())
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.REPORTED and rect.rectified_by == cleaner
    services.rectification_recheck(rectification=rect, by=sup, passed=True, note="")
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.PASSED and rect.rechecked_by == sup


@override_settings(HOUQIN_ZONE_RECTIFY_DAYS=4)
def test_recheck_failed_reopens_with_new_deadline(rect, cleaner, sup):
    services.rectification_report(rectification=rect, by=cleaner, note="已清扫")
    with pytest.raises(ValidationError, match="still wrong"):
        services.rectification_recheck(rectification=rect, by=sup, passed=False, note="")
    services.rectification_recheck(rectification=rect, by=sup, passed=False, note="仍有积水")
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.OPEN and rect.recheck_failures == 1
    assert rect.deadline == timezone.localdate() + timedelta(days=4)


def test_wrong_person_refused(rect, personas, sup, other_sup, envman):
    with pytest.raises(ValidationError, match="person responsible"):
        services.rectification_report(rectification=rect, by=personas.staff, note="x")
    with pytest.raises(ValidationError, match="not been reported"):
        services.rectification_recheck(rectification=rect, by=sup, passed=True)
    services.rectification_report(rectification=rect, by=envman, note="已处理")
    with pytest.raises(ValidationError, match="Someone other"):
        services.rectification_recheck(rectification=rect, by=envman, passed=True)
    with pytest.raises(ValidationError, match="may not re-check"):
        services.rectification_recheck(rectification=rect, by=other_sup, passed=True)
    with pytest.raises(ValidationError, match="not waiting"):
        services.rectification_report(rectification=rect, by=envman, note="again")
