"""Adversarial probes of the inspection pages and API: another site's records, roles that may
not act, and bad input of every kind are refused with a clear answer, never a 500, and change
nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from houqin.core.services import scan_link_sign
from houqin.inspections.models import Checkpoint, Finding, Round, Route, Scan
from houqin.inspections.tests.helpers import checkpoints, make_route, open_round
from houqin.security.models import Hazard
from houqin.security.tests.helpers import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SCANS = "/api/inspections/scans/"


@pytest.fixture
def other_route(personas):
    return make_route(personas.other_site, personas.admin, codes=("OX1", "OX2"), name="other")


def _link(cp) -> str:
    return reverse("scan_link", kwargs={"signed": scan_link_sign(cp.scan_link)})


# Scans through the API -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "scanned_at",
    [
        "yesterday",
        "2026-02-30T10:00:00+08:00",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "",
        "12",
        "2026-01-01T10:00:00",
    ],
)
def test_a_scan_with_a_bad_time_is_refused_and_not_recorded(route, personas, api, scanned_at):
    open_round(route)
    api.force_authenticate(personas.guard)
    response = api.post(SCANS, {"token": "CP1", "scanned_at": scanned_at}, format="json")
    assert response.status_code == 400
    assert not Scan.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": ""},
        {"token": "x" * 5000},
        {"token": None},
        {"token": ["CP1"]},
        {"token": {"a": 1}},
        {"token": "a:b:c"},
        {"token": "https://x/s/garbage:zz/"},
        {"token": "<script>alert(1)</script>"},
    ],
)
def test_a_scan_with_a_bad_token_is_refused(route, personas, api, body):
    open_round(route)
    api.force_authenticate(personas.guard)
    response = api.post(SCANS, body, format="json")
    assert response.status_code == 400
    assert not Scan.objects.exists()


def test_a_scan_body_that_is_not_an_object_is_refused(route, personas, api):
    open_round(route)
    api.force_authenticate(personas.guard)
    for body in ('["CP1"]', '"CP1"', "{not json", "null"):
        response = api.post(SCANS, body, content_type="application/json")
        assert response.status_code == 400, body
    assert not Scan.objects.exists()


def test_a_scan_sent_as_a_form_is_recorded_like_json(route, personas, api):
    open_round(route)
    api.force_authenticate(personas.guard)
    assert api.post(SCANS, {"token": "CP1"}).status_code == 201


def test_a_scan_of_another_sites_checkpoint_is_refused(route, other_route, personas, api):
    open_round(route)
    api.force_authenticate(personas.outsider)
    signed = scan_link_sign(checkpoints(route)[0].scan_link)
    assert api.post(SCANS, {"token": signed}, format="json").status_code == 403
    assert api.post(SCANS, {"token": "CP1"}, format="json").status_code == 400
    assert not Scan.objects.exists()


@pytest.mark.parametrize("who", ["staff", "leader", "nobody"])
def test_roles_that_do_not_walk_cannot_scan(route, personas, api, who):
    open_round(route)
    api.force_authenticate(getattr(personas, who))
    assert api.post(SCANS, {"token": "CP1"}, format="json").status_code == 403
    assert not Scan.objects.exists()


def test_a_voided_round_cannot_be_scanned(route, personas, api):
    # No schedule of the route may cover the time of the test (at 08:00–09:00 the scheduler
    # would otherwise open the day's round, and the scan would rightly land on that one).
    route.schedules.all().delete()
    rnd = open_round(route)
    Round.objects.filter(pk=rnd.pk).update(voided_at=timezone.now())
    api.force_authenticate(personas.guard)
    response = api.post(SCANS, {"token": "CP1"}, format="json")
    assert response.status_code == 400
    assert not Scan.objects.exists()
    link = login(personas.guard).post(_link(checkpoints(route)[0]))
    assert link.status_code == 400
    assert not Scan.objects.exists()


def test_a_scan_queued_too_long_ago_or_in_the_future_is_refused(route, personas, api):
    open_round(route)
    api.force_authenticate(personas.guard)
    for at in (timezone.now() + timedelta(days=2), timezone.now() - timedelta(days=400)):
        response = api.post(SCANS, {"token": "CP1", "scanned_at": at.isoformat()}, format="json")
        assert response.status_code == 400
    assert not Scan.objects.exists()


def test_scans_of_another_site_are_not_listed_or_read(route, personas, api):
    open_round(route)
    api.force_authenticate(personas.guard)
    scan_id = api.post(SCANS, {"token": "CP1"}, format="json").json()["id"]
    api.force_authenticate(personas.outsider)
    assert str(scan_id) not in str(api.get(SCANS).json())
    assert api.get(f"{SCANS}{scan_id}/").status_code == 404
    assert api.get(f"{SCANS}abc/").status_code == 404


# Rounds --------------------------------------------------------------------------------------


def test_a_round_of_another_site_cannot_be_seen_or_voided(route, personas, api):
    rnd = open_round(route)
    client = login(personas.outsider)
    assert client.get(reverse("inspections:round_detail", args=[rnd.pk])).status_code == 404
    void = client.post(reverse("inspections:round_void", args=[rnd.pk]), {"reason": "x"})
    assert void.status_code in (403, 404)
    api.force_authenticate(personas.outsider)
    assert api.post(f"/api/inspections/rounds/{rnd.pk}/void/", {"reason": "x"}).status_code in (
        403,
        404,
    )
    rnd.refresh_from_db()
    assert rnd.voided_at is None


def test_a_guard_cannot_void_a_round(route, personas, api):
    rnd = open_round(route)
    void = login(personas.guard).post(
        reverse("inspections:round_void", args=[rnd.pk]), {"reason": "x"}
    )
    assert void.status_code in (403, 404)
    api.force_authenticate(personas.guard)
    assert api.post(f"/api/inspections/rounds/{rnd.pk}/void/", {"reason": "x"}).status_code in (
        403,
        404,
    )
    rnd.refresh_from_db()
    assert rnd.voided_at is None


def test_voiding_a_round_twice_or_without_reason_is_refused(route, personas, api):
    rnd = open_round(route)
    api.force_authenticate(personas.secadmin)
    url = f"/api/inspections/rounds/{rnd.pk}/void/"
    assert api.post(url, {"reason": ""}, format="json").status_code == 400
    assert api.post(url, {}, format="json").status_code == 400
    assert api.post(url, {"reason": "drill"}, format="json").status_code in (200, 204)
    assert api.post(url, {"reason": "again"}, format="json").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "site=abc",
        "site=99999999999999999999",
        "route=abc",
        "route=99999999999999999999",
        "date_after=2026-02-30",
        "date_before=0000-01-01",
        "date_after=9999-12-31",
        "status=bogus",
        "kind=<script>",
        "ordering=password",
        "page=abc",
        "page=999999",
    ],
)
def test_bad_round_filters_never_fail(route, personas, api, query):
    open_round(route)
    page = login(personas.duty).get(reverse("inspections:round_list") + "?" + query)
    assert page.status_code in (200, 400, 404)
    api.force_authenticate(personas.duty)
    assert api.get(f"/api/inspections/rounds/?{query}").status_code in (200, 400, 404)


def test_filtering_by_another_sites_route_shows_nothing_of_it(route, other_route, personas):
    foreign = open_round(other_route)
    page = login(personas.duty).get(
        reverse("inspections:round_list") + f"?route={other_route.pk}&site={personas.other_site.pk}"
    )
    assert page.status_code in (200, 400)
    assert foreign.number.encode() not in page.content


def test_another_sites_rounds_are_not_in_the_api(route, other_route, personas, api):
    open_round(other_route)
    api.force_authenticate(personas.duty)
    response = api.get(f"/api/inspections/rounds/?site={personas.other_site.pk}")
    assert response.status_code in (200, 400)
    assert b'"other"' not in response.content


# The walker's page ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999", "-1", "1.5"])
def test_reporting_on_an_unknown_round_is_not_found(route, personas, value):
    open_round(route)
    response = login(personas.guard).post(
        reverse("inspections:round_mine"), {"round": value, "finding-description": "x"}
    )
    assert response.status_code == 404
    assert not Finding.objects.exists()


def test_reporting_on_another_sites_round_is_not_found(other_route, personas):
    rnd = open_round(other_route)
    response = login(personas.guard).post(
        reverse("inspections:round_mine"), {"round": rnd.pk, "finding-description": "broken"}
    )
    assert response.status_code == 404
    assert not Finding.objects.exists()


def test_a_finding_at_another_sites_checkpoint_is_refused(route, other_route, personas):
    rnd = open_round(route)
    foreign = checkpoints(other_route)[0]
    response = login(personas.guard).post(
        reverse("inspections:round_mine"),
        {"round": rnd.pk, "finding-description": "broken", "finding-checkpoint": foreign.pk},
    )
    assert response.status_code == 400
    assert not Finding.objects.exists() and not Hazard.objects.exists()


def test_a_finding_with_a_photo_that_is_not_an_image_is_refused(route, personas):
    rnd = open_round(route)
    fake = SimpleUploadedFile("p.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = login(personas.guard).post(
        reverse("inspections:round_mine"),
        {"round": rnd.pk, "finding-description": "broken", "finding-photo": fake},
    )
    assert response.status_code == 400
    assert not Finding.objects.exists() and not Hazard.objects.exists()


def test_a_finding_with_an_oversized_photo_is_refused(route, personas, settings):
    rnd = open_round(route)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * (30 * 1024 * 1024)
    big = SimpleUploadedFile("p.png", png, content_type="image/png")
    response = login(personas.guard).post(
        reverse("inspections:round_mine"),
        {"round": rnd.pk, "finding-description": "broken", "finding-photo": big},
    )
    assert response.status_code == 400
    assert not Finding.objects.exists() and not Hazard.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_a_finding_without_a_proper_description_is_refused(route, personas, text):
    rnd = open_round(route)
    response = login(personas.guard).post(
        reverse("inspections:round_mine"), {"round": rnd.pk, "finding-description": text}
    )
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_a_finding_with_an_unknown_category_is_refused(route, personas):
    rnd = open_round(route)
    response = login(personas.guard).post(
        reverse("inspections:round_mine"),
        {"round": rnd.pk, "finding-description": "x", "finding-category": "bogus"},
    )
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_a_finding_is_shown_escaped(route, personas):
    rnd = open_round(route)
    client = login(personas.guard)
    client.post(
        reverse("inspections:round_mine"),
        {"round": rnd.pk, "finding-description": "<script>alert(1)</script>"},
    )
    page = login(personas.duty).get(reverse("inspections:round_detail", args=[rnd.pk]))
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content


@pytest.mark.parametrize("who", ["staff", "leader", "nobody"])
def test_people_who_do_not_walk_have_no_round_page(route, personas, who):
    rnd = open_round(route)
    client = login(getattr(personas, who))
    assert client.get(reverse("inspections:round_mine")).status_code in (302, 403)
    response = client.post(
        reverse("inspections:round_mine"), {"round": rnd.pk, "finding-description": "x"}
    )
    assert response.status_code in (302, 403, 404)
    assert not Finding.objects.exists()


# Checkpoints and routes ----------------------------------------------------------------------


def test_a_checkpoint_cannot_be_placed_at_another_sites_location(personas):
    from houqin.core.models import Location

    foreign = Location.objects.get(site=personas.other_site)
    response = login(personas.secadmin).post(
        reverse("inspections:checkpoint_add"),
        {
            "site": personas.site.pk,
            "code": "NEW",
            "name": "n",
            "location": foreign.pk,
            "is_active": "on",
        },
    )
    assert response.status_code in (200, 400)
    assert not Checkpoint.objects.filter(code="NEW").exists()


def test_a_checkpoint_cannot_be_created_at_another_site(personas):
    response = login(personas.secadmin).post(
        reverse("inspections:checkpoint_add"),
        {"site": personas.other_site.pk, "code": "NEW", "name": "n", "is_active": "on"},
    )
    assert response.status_code in (200, 400, 403)
    assert not Checkpoint.objects.filter(code="NEW").exists()


def test_another_sites_checkpoint_cannot_be_edited(other_route, personas):
    cp = checkpoints(other_route)[0]
    client = login(personas.secadmin)
    assert client.get(reverse("inspections:checkpoint_edit", args=[cp.pk])).status_code == 404
    response = client.post(
        reverse("inspections:checkpoint_edit", args=[cp.pk]),
        {"site": personas.site.pk, "code": "HACK", "name": "hack"},
    )
    assert response.status_code == 404
    cp.refresh_from_db()
    assert cp.code == "OX1"


def test_a_guard_cannot_edit_checkpoints_or_print_labels(route, personas):
    cp = checkpoints(route)[0]
    client = login(personas.guard)
    response = client.post(
        reverse("inspections:checkpoint_edit", args=[cp.pk]), {"code": "HACK", "name": "x"}
    )
    assert response.status_code in (403, 404)
    assert client.get(reverse("inspections:checkpoint_labels")).status_code in (302, 403)
    assert client.get(reverse("inspections:checkpoint_detail", args=[cp.pk])).status_code in (
        200,
        403,
        404,
    )
    cp.refresh_from_db()
    assert cp.code == "CP1"


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999", "-1", ""])
def test_label_sheet_ignores_bad_choices(route, personas, pk):
    response = login(personas.secadmin).get(reverse("inspections:checkpoint_labels"), {"pk": pk})
    assert response.status_code == 200


def test_label_sheet_leaves_out_another_sites_checkpoints(route, other_route, personas):
    foreign = checkpoints(other_route)[0]
    response = login(personas.secadmin).get(
        reverse("inspections:checkpoint_labels"), {"pk": foreign.pk}
    )
    assert response.status_code == 200
    assert foreign.name.encode() not in response.content


def _route_post(site, stops, **extra):
    data = {
        "site": site.pk,
        "name": "R",
        "kind": "patrol",
        "duration_minutes": 60,
        "is_active": "on",
        "stops-TOTAL_FORMS": len(stops),
        "stops-INITIAL_FORMS": 0,
        "schedules-TOTAL_FORMS": 0,
        "schedules-INITIAL_FORMS": 0,
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
    }
    for i, (cp, offset, window) in enumerate(stops):
        data.update(
            {
                f"stops-{i}-checkpoint": cp,
                f"stops-{i}-offset_minutes": offset,
                f"stops-{i}-window_minutes": window,
            }
        )
    data.update(extra)
    return data


def test_a_route_cannot_go_through_another_sites_checkpoint(route, other_route, personas):
    foreign = checkpoints(other_route)[0]
    response = login(personas.secadmin).post(
        reverse("inspections:route_add"), _route_post(personas.site, [(foreign.pk, 0, 10)])
    )
    assert response.status_code == 400
    assert Route.objects.count() == 2


@pytest.mark.parametrize(
    "stop",
    [
        (None, 0, 10),
        ("abc", 0, 10),
        (1, -5, 10),
        (1, 0, -1),
        (1, 0, 0),
        (1, "x", 10),
        (1, 99999999999999999999, 10),
    ],
)
def test_a_route_with_bad_stops_is_refused(route, personas, stop):
    cp = checkpoints(route)[0].pk if stop[0] == 1 else stop[0]
    data = _route_post(personas.site, [(cp if cp is not None else "", stop[1], stop[2])])
    response = login(personas.secadmin).post(reverse("inspections:route_add"), data)
    assert response.status_code == 400
    assert Route.objects.count() == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"duration_minutes": -1},
        {"duration_minutes": "x"},
        {"duration_minutes": 10**20},
        {"name": ""},
        {"name": "x" * 1000},
        {"kind": "bogus"},
        {"stops-TOTAL_FORMS": "abc"},
        {"stops-TOTAL_FORMS": 100000},
        {"schedules-TOTAL_FORMS": 1, "schedules-0-name": "a", "schedules-0-start_time": "25:99"},
    ],
)
def test_a_route_with_bad_fields_is_refused(route, personas, extra):
    cp = checkpoints(route)[0].pk
    data = _route_post(personas.site, [(cp, 0, 10)], **extra)
    response = login(personas.secadmin).post(reverse("inspections:route_add"), data)
    assert response.status_code in (200, 400)
    assert Route.objects.count() == 1


def test_a_route_item_at_another_sites_checkpoint_is_refused(route, other_route, personas):
    cp = checkpoints(route)[0].pk
    foreign = checkpoints(other_route)[0].pk
    data = _route_post(
        personas.site,
        [(cp, 0, 10)],
        **{
            "items-TOTAL_FORMS": 1,
            "items-0-text": "t",
            "items-0-weight": 1,
            "items-0-checkpoint": foreign,
        },
    )
    response = login(personas.secadmin).post(reverse("inspections:route_add"), data)
    assert response.status_code == 400
    assert Route.objects.count() == 2


def test_another_sites_route_cannot_be_edited(other_route, personas):
    client = login(personas.secadmin)
    url = reverse("inspections:route_edit", args=[other_route.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _route_post(personas.site, [])).status_code == 404
