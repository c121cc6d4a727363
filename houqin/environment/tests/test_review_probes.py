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
