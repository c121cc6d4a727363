"""Adversarial probes of the outreach pages and API: every route answered with garbage input
never fails with a server error, and another site's or another reader's records stay out of
reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from houqin.core.testing import make_user
from houqin.outreach.models import Book, BookCopy, HealthSession, Loan
from houqin.outreach.services import health
from houqin.outreach.services import library as services
from houqin.outreach.tests.helpers_library import make_shelf, reader
from houqin.outreach.tests.helpers_outreach import make_material, make_session

pytestmark = pytest.mark.django_db

GARBAGE = {
    "year": "0",
    "month": "9999-99",
    "day": "2026-02-30",
    "date": "0000-01-01",
    "starts_at": "9999-12-31 25:61",
    "ends_at": "x",
    "acquired_on": "2026-02-30",
    "paid_on": "99999-01-01",
    "page": "abc",
    "site": "<script>",
    "book": "1' or 1=1",
    "copy": "-1",
    "borrower": "99999999999999999999",
    "person": "abc",
    "session": "1.5",
    "q": "<script>alert(1)</script>",
    "code": "a:b:c",
    "barcodes": "x" * 10_000,
    "title": "x" * 10_000,
    "topic": "<script>alert(1)</script>",
    "capacity": "1000000000000",
    "printed": "-5",
    "quantity": "1000000000000",
    "hours": "1e12",
    "amount_yuan": "-1",
    "cost_yuan": "NaN",
    "price": "Infinity",
    "isbn": "9787302147511",
    "reason": "",
    "do": "return",
    "attended": ["a", "-1"],
    "next": "https://evil.example/",
    "ordering": "-nonexistent",
    "sort": "__class__",
    "export": "xlsx",
}


def _routes(namespace: str):
    """(pattern name, route string) of every page of ``namespace``."""
    resolver = get_resolver().namespace_dict[namespace][1]
    for pattern in resolver.url_patterns:
        yield pattern.name, str(pattern.pattern)


def _urls(prefix: str, namespace: str, pks) -> list[str]:
    urls = []
    for _name, route in _routes(namespace):
        if "<" not in route:
            urls.append(prefix + route)
        else:
            for pk in pks:
                urls.append(prefix + route.replace("<int:pk>", str(pk)))
    return urls


def _assert_never_500(user, urls):
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
    assert failures == []


@pytest.fixture
def world(personas):
    librarian = make_user("librarian", "librarian", personas.site)
    shelf = make_shelf(personas.site, librarian)
    services.loan_lend(
        copy=shelf.copies[0], borrower=reader(personas.staff), by=librarian, channel="desk"
    )
    make_session(personas.site, starts_in=timedelta(days=2))
    make_session(personas.site, starts_in=timedelta(hours=-2), topic="糖尿病")
    make_material(personas.site)
    return librarian


def test_no_outreach_page_fails_with_garbage_input(personas, world):
    urls = _urls("/outreach/", "outreach", pks=(1, 2, 999999))
    _assert_never_500(world, urls)
    _assert_never_500(personas.staff, urls)


def test_no_outreach_api_fails_with_garbage_input(personas, world, api):
    api.force_authenticate(world)
    failures = []
    for base in (
        "books",
        "copies",
        "loans",
        "health-sessions",
        "consultations",
        "board-issues",
        "distributions",
        "investments",
    ):
        for url in (f"/api/outreach/{base}/", f"/api/outreach/{base}/1/"):
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
    assert Loan.objects.count() == 1


@pytest.fixture
def lent(personas, world):
    """The staff persona's open loan and the second copy's reader (the leader persona)."""
    return Loan.objects.get()


def test_a_reader_cannot_renew_another_readers_loan(client, personas, lent):
    client.force_login(personas.leader)
    response = client.post(reverse("outreach:loan_renew", args=[lent.pk]))
    assert response.status_code == 404
    lent.refresh_from_db()
    assert lent.renewals == 0


def test_a_reader_cannot_return_by_phone_a_copy_lent_to_someone_else(client, personas, lent):
    client.force_login(personas.leader)
    client.post(reverse("outreach:copy_phone", args=[lent.copy_id]), {"do": "return"})
    lent.refresh_from_db()
    assert lent.returned_at is None


def test_a_reader_cannot_cancel_another_readers_hold(client, personas, world):
    book = Book.objects.get()
    for copy in book.copies.exclude(loans__isnull=False):
        services.loan_lend(copy=copy, borrower=reader(personas.leader), by=world, channel="desk")
    hold = services.hold_place(book=book, person=reader(personas.duty), by=personas.duty)
    client.force_login(personas.guard)
    assert client.post(reverse("outreach:hold_cancel", args=[hold.pk])).status_code == 404
    hold.refresh_from_db()
    assert hold.status == "waiting"


def test_the_desk_does_not_lend_to_a_person_of_another_site(client, personas, world):
    copy = BookCopy.objects.filter(loans__isnull=True).first()
    stranger = reader(personas.outsider)
    client.force_login(world)
    client.post(reverse("outreach:desk"), {"copy": copy.pk, "borrower": stranger.pk})
    assert not Loan.objects.filter(borrower=stranger).exists()


def test_the_desk_cannot_touch_another_sites_copy(client, personas, world):
    other = make_user("other_librarian", "librarian", personas.other_site)
    shelf = make_shelf(personas.other_site, other, title="其他")
    client.force_login(world)
    response = client.post(
        reverse("outreach:desk"), {"copy": shelf.copies[0].pk, "borrower": reader(world).pk}
    )
    assert response.status_code == 404
    assert not Loan.objects.filter(copy=shelf.copies[0]).exists()


def test_booking_a_session_with_a_huge_or_odd_id_is_refused(client, personas, world):
    client.force_login(personas.staff)
    for raw in ("9" * 30, "٣", "-1", ""):
        response = client.post(reverse("outreach:session_book"), {"session": raw})
        assert response.status_code in (302, 400, 404)


def test_a_reader_cannot_cancel_another_readers_booking(client, personas, world):
    session = HealthSession.objects.filter(starts_at__gt=timezone.now()).get()
    booking = health.session_book(session=session, person=reader(personas.duty), by=personas.duty)
    client.force_login(personas.guard)
    client.post(reverse("outreach:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "booked"
