"""Adversarial probes of the environment pages and API: every route answered with garbage input
never fails with a server error, and people reach only the records that are theirs to act on."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import get_resolver, reverse

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.environment.choices import RectificationStatus
from houqin.environment.models import PaymentInstalment, ZoneRectification
from houqin.environment.services import cleaning as cleaning_services
from houqin.environment.services import greening
from houqin.environment.tests.helpers_cleaning import answers, make_zone
from houqin.environment.tests.helpers_cleaning import photo as zone_photo
from houqin.environment.tests.helpers_greening import make_contract, record_check
from houqin.environment.tests.helpers_pests import survey

pytestmark = pytest.mark.django_db

GARBAGE = {
    "year": "0",
    "month": "9999-99",
    "day": "2026-02-30",
    "checked_on": "0000-01-01",
    "surveyed_on": "9999-12-31",
    "starts_on": "2026-02-30",
    "ends_on": "x",
    "paid_on": "99999-01-01",
    "page": "abc",
    "site": "<script>",
    "contract": "1' or 1=1",
    "zone": "-1",
    "pest": "<script>alert(1)</script>",
    "responsible": "99999999999999999999",
    "location": "abc",
    "amount_yuan": "1e12",
    "area_m2": "-1",
    "rooms_inspected": "1000000000000",
    "rooms_positive": "-5",
    "title": "x" * 10_000,
    "name": "<script>alert(1)</script>",
    "note": "x" * 10_000,
    "reason": "",
    "passed": "maybe",
    "items": "x|y|z",
    "terms": "a|b",
    "photo": "not a file",
    "code": "a:b:c",
    "next": "https://evil.example/",
    "export": "xlsx",
}


def _urls(namespace: str, prefix: str, pks) -> list[str]:
    urls = []
    for pattern in get_resolver().namespace_dict[namespace][1].url_patterns:
        route = str(pattern.pattern)
        if "<" not in route:
            urls.append(prefix + route)
        else:
            urls.extend(prefix + route.replace("<int:pk>", str(pk)) for pk in pks)
    return urls


def _server_errors(user, urls) -> list:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    failures = []
    for url in urls:
        for response in (
            client.get(url),
            client.get(url, GARBAGE),
            client.post(url, GARBAGE),
            client.post(url, {}),
        ):
            if response.status_code >= 500:
                failures.append((response.request["REQUEST_METHOD"], url))
    return failures


@pytest.fixture
def envman(personas):
    return make_user("envman", roles.ENVIRONMENT_MANAGER, personas.site)


@pytest.fixture
def cleaner(personas):
    return make_user("cleaner", roles.SERVICE_STAFF, personas.site)


@pytest.fixture
def sup(personas):
    return make_user("sup", roles.SUPERVISOR, personas.site)


@pytest.fixture
def rectification(personas, envman, sup):
    """An open rectification of a zone in another person's charge than the ``cleaner``."""
    setup = make_zone(personas.site, envman)
    cleaning_services.zone_inspect(
        zone=setup.zone,
        by=sup,
        results=answers(setup.items, failed=(0,)),
        photos={setup.items[0].pk: zone_photo()},
    )
    return ZoneRectification.objects.get()


@pytest.fixture
def world(personas, envman, sup, rectification):
    contract = make_contract(personas.site, envman)
    record_check(contract, sup, failed=(1,))
    survey(personas.site, envman)
    return envman


def test_no_environment_page_fails_with_garbage_input(personas, world, sup, cleaner):
    urls = _urls("environment", "/environment/", pks=(1, 2, 999999))
    for user in (world, sup, cleaner):
        assert _server_errors(user, urls) == []


def test_no_environment_api_fails_with_garbage_input(world, api):
    api.force_authenticate(world)
    failures = []
    for base in (
        "zones",
        "zone-rectifications",
        "greening/contracts",
        "greening/checks",
        "greening/instalments",
        "pest-standards",
        "pest-surveys",
        "pest-actions",
    ):
        for url in (f"/api/environment/{base}/", f"/api/environment/{base}/1/"):
            for response in (
                api.get(url, GARBAGE),
                api.post(url, GARBAGE, format="json"),
                api.post(url, GARBAGE),
                api.post(url, "not json", content_type="application/json"),
                api.patch(url, GARBAGE, format="json"),
            ):
                if response.status_code >= 500:
                    failures.append((response.request["REQUEST_METHOD"], url))
    assert failures == []
    assert not PaymentInstalment.objects.exclude(status="scheduled").exists()


def test_a_cleaner_cannot_report_another_persons_zone_fixed(client, cleaner, rectification):
    client.force_login(cleaner)
    url = reverse("environment:rectification_report", args=[rectification.pk])
    response = client.post(url, {"note": "已清扫"})
    assert response.status_code in (403, 404)
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.OPEN


def test_an_instalment_is_not_paid_before_approval_nor_approved_twice(personas, envman, sup):
    contract = make_contract(personas.site, envman)
    record_check(contract, sup)
    instalment = contract.instalments.get(month=date(2025, 3, 1))
    with pytest.raises(ValidationError):
        greening.instalment_pay(instalment=instalment, paid_on=date(2025, 4, 5), by=envman)
    greening.instalment_approve(instalment=instalment, by=envman)
    with pytest.raises(ValidationError):
        greening.instalment_approve(instalment=instalment, by=envman)
    greening.instalment_pay(instalment=instalment, paid_on=date(2025, 4, 5), by=envman)
    with pytest.raises(ValidationError):
        greening.instalment_pay(instalment=instalment, paid_on=date(2025, 4, 6), by=envman)
    instalment.refresh_from_db()
    assert instalment.status == "paid" and instalment.paid_on == date(2025, 4, 5)


# Second pass: markup and formulas, uploads, voided records, state limits, scan links ---------

EVIL = '=HYPERLINK("http://evil.example","x")<script>alert(1)</script>'


def _assert_escaped(client, urls) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body, url


def _assert_text_in_export(client, url) -> None:
    """The export holds the value as text, never as a formula."""
    import io

    from openpyxl import load_workbook

    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    found = [c for c in cells if "<script>" in c.value]
    assert found, url
    assert all(c.data_type == "s" and c.value.startswith("=HYPERLINK") for c in found), url


@pytest.fixture
def evil_records(personas, envman, sup, cleaner):
    """A contractor, contract, zone and rectification whose texts are markup and formulas."""
    contract = make_contract(personas.site, envman, title=EVIL)
    contract.contractor.name = EVIL
    contract.contractor.save(update_fields=["name"])
    setup = make_zone(personas.site, envman, name=EVIL, person=cleaner.person)
    results = {item.pk: (i != 0, EVIL if i == 0 else "") for i, item in enumerate(setup.items)}
    cleaning_services.zone_inspect(
        zone=setup.zone, by=sup, results=results, photos={setup.items[0].pk: zone_photo()}
    )
    rect = ZoneRectification.objects.get()
    cleaning_services.rectification_report(rectification=rect, by=cleaner, note=EVIL)
    return contract, setup.zone, rect


def test_markup_and_formulas_in_environment_texts_are_escaped_and_exported_as_text(
    client, envman, evil_records
):
    contract, zone, rect = evil_records
    client.force_login(envman)
    _assert_escaped(
        client,
        [
            reverse("environment:contractor_list"),
            reverse("environment:contractor_detail", args=[contract.contractor_id]),
            reverse("environment:contract_list"),
            reverse("environment:contract_detail", args=[contract.pk]),
            reverse("environment:zone_list"),
            reverse("environment:zone_detail", args=[zone.pk]),
            reverse("environment:rectification_list"),
            reverse("environment:rectification_detail", args=[rect.pk]),
            reverse("environment:zone_ranking"),
        ],
    )
    for name in ("contractor_list", "contract_list", "zone_list", "rectification_list"):
        _assert_text_in_export(client, reverse(f"environment:{name}"))


def _not_an_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fault.jpg", b"just some text, not a photo", "image/jpeg")


def _empty():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fault.jpg", b"", "image/jpeg")


def _big_photo():
    """A real PNG of a few kilobytes: over the limit the tests set."""
    import io
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3)).save(buf, format="PNG")
    return SimpleUploadedFile("fault.png", buf.getvalue(), "image/png")


BAD_PHOTOS = (_not_an_image, _empty, _big_photo)


@pytest.fixture
def small_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 2048


def test_a_greening_check_with_a_bad_photo_is_refused_and_not_recorded(
    client, personas, envman, sup, small_limit
):
    from houqin.environment.models import AcceptanceCheck

    contract = make_contract(personas.site, envman)
    terms = list(contract.terms.all())
    client.force_login(sup)
    for bad in BAD_PHOTOS:
        data = {"contract": contract.pk, "month": "2025-03", "checked_on": "2025-03-25"}
        for i, term in enumerate(terms):
            data[f"passed_{term.pk}"] = "no" if i == 0 else "yes"
        data[f"photo_{terms[0].pk}"] = bad()
        response = client.post(reverse("environment:check_add"), data)
        assert response.status_code == 400, bad.__name__
        assert response.context["form"].errors, bad.__name__
    assert not AcceptanceCheck.objects.exists()


def test_a_zone_inspection_with_a_bad_photo_is_refused_and_not_recorded(
    client, personas, envman, sup, small_limit
):
    from houqin.inspections.models import Scan

    setup = make_zone(personas.site, envman)
    client.force_login(sup)
    for bad in BAD_PHOTOS:
        data = {f"item_{item.pk}": "pass" for item in setup.items}
        data[f"item_{setup.items[0].pk}"] = "fail"
        data[f"photo_{setup.items[0].pk}"] = bad()
        response = client.post(reverse("environment:zone_inspect", args=[setup.zone.pk]), data)
        assert response.status_code == 400, bad.__name__
        assert response.context["form"].errors, bad.__name__
    assert not Scan.objects.exists()
    assert not ZoneRectification.objects.exists()


def test_a_rectification_report_with_a_bad_photo_is_refused_and_not_recorded(
    client, personas, envman, sup, cleaner, small_limit
):
    from houqin.core.models import Attachment

    setup = make_zone(personas.site, envman, person=cleaner.person)
    cleaning_services.zone_inspect(
        zone=setup.zone,
        by=sup,
        results=answers(setup.items, failed=(0,)),
        photos={setup.items[0].pk: zone_photo()},
    )
    rect = ZoneRectification.objects.get()
    attachments = Attachment.objects.count()
    client.force_login(cleaner)
    for bad in BAD_PHOTOS:
        url = reverse("environment:rectification_report", args=[rect.pk])
        response = client.post(url, {"note": "已清扫", "photo": bad()})
        assert response.status_code == 400, bad.__name__
        rect.refresh_from_db()
        assert rect.status == RectificationStatus.OPEN and not rect.rectify_note
    assert Attachment.objects.count() == attachments


def _figures(site, year=2025):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from houqin.reports import registry

    tz = ZoneInfo("Asia/Shanghai")
    return registry.compute(
        site_ids=[site.pk],
        start=datetime(year, 1, 1, tzinfo=tz),
        end=datetime(year + 1, 1, 1, tzinfo=tz),
    )


def test_a_voided_acceptance_check_no_longer_counts(personas, envman, sup):
    contract = make_contract(personas.site, envman)
    record_check(contract, sup, month=date(2025, 3, 1))
    bad = record_check(contract, sup, month=date(2025, 4, 1), failed=(0, 1, 2))
    before = _figures(personas.site)
    assert before["environment.greening_deductions_yuan"] == 1500
    greening.acceptance_check_void(check=bad, by=envman, reason="录错")
    after = _figures(personas.site)
    assert after["environment.greening_deductions_yuan"] == 0
    assert after["environment.greening_score"] == 100


def test_voided_surveys_and_control_actions_no_longer_count(personas, envman):
    from houqin.environment.services import pests

    survey(personas.site, envman, day=date(2026, 6, 1))  # level B
    clean = dict(ROACH_A)
    recheck = survey(personas.site, envman, day=date(2026, 6, 20), counts=clean, is_recheck=True)
    assert _figures(personas.site, 2026)["environment.cockroach_control_level"] == "A"
    pests.survey_void(survey=recheck, by=envman, reason="录错")
    assert _figures(personas.site, 2026)["environment.cockroach_control_level"] == "B"
    action = pests.control_action_record(
        site=personas.site, pest="cockroach", done_on=date(2026, 6, 2), method="gel", by=envman
    )
    assert _figures(personas.site, 2026)["environment.control_actions"] == 1
    pests.control_action_void(action=action, by=envman, reason="录错")
    assert _figures(personas.site, 2026)["environment.control_actions"] == 0


ROACH_A = {
    "rooms_inspected": 100,
    "rooms_positive": 0,
    "large_roaches": 0,
    "small_roaches": 0,
    "ootheca_rooms": 0,
    "oothecae": 0,
    "trace_rooms": 0,
}


def test_a_check_whose_instalment_is_paid_cannot_be_voided(client, personas, envman, sup):
    contract = make_contract(personas.site, envman)
    check = record_check(contract, sup)
    instalment = contract.instalments.get(month=date(2025, 3, 1))
    greening.instalment_approve(instalment=instalment, by=envman)
    greening.instalment_pay(instalment=instalment, paid_on=date(2025, 4, 5), by=envman)
    client.force_login(envman)
    response = client.post(
        reverse("environment:check_void", args=[check.pk]), {"reason": "重新验收"}
    )
    assert response.status_code < 500
    check.refresh_from_db()
    assert check.voided_at is None


def test_a_supervisor_cannot_recheck_their_own_reported_rectification(
    client, personas, envman, sup
):
    setup = make_zone(personas.site, envman, person=sup.person)
    cleaning_services.zone_inspect(
        zone=setup.zone,
        by=sup,
        results=answers(setup.items, failed=(0,)),
        photos={setup.items[0].pk: zone_photo()},
    )
    rect = ZoneRectification.objects.get()
    cleaning_services.rectification_report(rectification=rect, by=sup, note="已清扫")
    client.force_login(sup)
    response = client.post(
        reverse("environment:rectification_recheck", args=[rect.pk]), {"passed": "yes"}
    )
    assert response.status_code in (400, 403)
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.REPORTED


def _zone_code(zone) -> str:
    from houqin.core.services import scan_link_sign

    return scan_link_sign(zone.checkpoint.scan_link)


def _tampered(signed: str) -> str:
    last = signed[-1]
    return signed[:-1] + ("A" if last != "A" else "B")


def test_a_tampered_revoked_or_foreign_zone_code_gets_a_message_page(client, personas, envman):
    from houqin.core.services import scan_link_revoke
    from houqin.inspections.models import Scan

    other = make_user("other_sup", roles.SUPERVISOR, personas.other_site)
    setup = make_zone(personas.site, envman)
    signed = _zone_code(setup.zone)
    client.force_login(other)
    response = client.get(reverse("scan_link", args=[signed]))
    assert response.status_code == 403
    assert client.post(reverse("scan_link", args=[signed])).status_code == 403
    client.force_login(make_user("sup_here", roles.SUPERVISOR, personas.site))
    response = client.get(reverse("scan_link", args=[_tampered(signed)]))
    assert response.status_code == 400
    assert "scan_error" in " ".join(t.name for t in response.templates)
    scan_link_revoke(link=setup.zone.checkpoint.scan_link)
    for method in (client.get, client.post):
        assert method(reverse("scan_link", args=[signed])).status_code == 400
    assert not Scan.objects.exists()


def test_the_api_does_not_void_a_check_whose_instalment_is_paid(api, personas, envman, sup):
    contract = make_contract(personas.site, envman)
    check = record_check(contract, sup)
    instalment = contract.instalments.get(month=date(2025, 3, 1))
    greening.instalment_approve(instalment=instalment, by=envman)
    greening.instalment_pay(instalment=instalment, paid_on=date(2025, 4, 5), by=envman)
    api.force_authenticate(envman)
    url = f"/api/environment/greening/checks/{check.pk}/void/"
    response = api.post(url, {"reason": "重新验收"}, format="json")
    assert response.status_code == 400
    check.refresh_from_db()
    assert check.voided_at is None
    assert _figures(personas.site)["environment.greening_score"] == 100


def test_the_api_refuses_a_check_with_a_bad_photo_and_records_nothing(
    api, personas, envman, sup, small_limit
):
    import json

    from houqin.environment.models import AcceptanceCheck

    contract = make_contract(personas.site, envman)
    terms = list(contract.terms.all())
    results = [{"term": t.pk, "passed": i != 0} for i, t in enumerate(terms)]
    api.force_authenticate(sup)
    for bad in BAD_PHOTOS:
        data = {
            "contract": contract.pk,
            "month": "2025-03-01",
            "checked_on": "2025-03-25",
            "results": json.dumps(results),
            f"photo_{terms[0].pk}": bad(),
        }
        response = api.post("/api/environment/greening/checks/", data, format="multipart")
        assert response.status_code == 400, bad.__name__
    assert not AcceptanceCheck.objects.exists()
