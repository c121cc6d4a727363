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
from houqin.outreach.models import Book, BookCopy, HealthSession, Loan, PublicityBoard
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


# Second pass: markup and formulas, voided records, state limits, scan links -----------------

EVIL = "=SUM(1)<script>alert(1)</script>"


@pytest.fixture
def librarian(personas):
    return make_user("librarian", "librarian", personas.site)


def _assert_escaped(client, urls) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.content.decode(), url


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
    assert all(c.data_type == "s" and c.value.startswith("=SUM(1)") for c in found), url


@pytest.fixture
def evil(personas, librarian):
    """Records of every outreach subject whose texts are markup and spreadsheet formulas."""
    from houqin.core.models import Person
    from houqin.outreach.models import Consultation, Distribution, Investment
    from houqin.outreach.services import publicity
    from houqin.outreach.tests.helpers_outreach import make_volunteer

    site = personas.site
    shelf = make_shelf(site, librarian, title="恶意", copies=1)
    Book.objects.filter(pk=shelf.book.pk).update(title=EVIL)  # no ISBN, a hostile title
    borrower = Person.objects.create(site=site, name=EVIL)
    services.loan_lend(copy=shelf.copies[0], borrower=borrower, by=librarian, channel="desk")
    session = make_session(site, starts_in=timedelta(hours=-3), topic=EVIL)
    session.expert.name = EVIL
    session.expert.save(update_fields=["name"])
    health.consultation_log(
        site=site,
        kind="general",
        consulted_at=timezone.now() - timedelta(hours=1),
        by=librarian,
        consent=True,
        person=borrower,
        note=EVIL,
    )
    board = PublicityBoard.objects.create(site=site, name=EVIL)
    issue = publicity.issue_publish(
        board=board, title=EVIL, topics=EVIL, posted_on=timezone.localdate(), by=librarian
    )
    material = make_material(site, title=EVIL)
    publicity.distribution_record(
        material=material,
        quantity=3,
        distributed_on=timezone.localdate(),
        occasion=EVIL,
        by=librarian,
    )
    publicity.investment_record(
        investment=Investment(
            site=site,
            invested_on=timezone.localdate(),
            item=EVIL,
            category="books",
            amount_yuan=100,
            note=EVIL,
        ),
        by=librarian,
    )
    volunteer = make_volunteer(site, EVIL)
    return {
        "book_detail": shelf.book.pk,
        "copy_detail": shelf.copies[0].pk,
        "loan_detail": Loan.objects.get().pk,
        "session_detail": session.pk,
        "consultation_detail": Consultation.objects.get().pk,
        "board_detail": board.pk,
        "issue_detail": issue.pk,
        "material_detail": material.pk,
        "distribution_detail": Distribution.objects.get().pk,
        "investment_detail": Investment.objects.get().pk,
        "volunteer_detail": volunteer.pk,
    }


EXPORTED = (
    "book_list",
    "bookcopy_list",
    "loan_list",
    "session_list",
    "consultation_list",
    "issue_list",
    "material_list",
    "distribution_list",
    "investment_list",
    "volunteer_list",
)


def test_markup_and_formulas_in_outreach_texts_are_escaped_and_exported_as_text(
    client, librarian, evil
):
    client.force_login(librarian)
    pages = [reverse(f"outreach:{name}", args=[pk]) for name, pk in evil.items()]
    pages += [reverse(f"outreach:{name}") for name in EXPORTED]
    pages += [
        reverse("outreach:expert_list"),
        reverse("outreach:board_list"),
        reverse("outreach:desk") + f"?code={BookCopy.objects.get().barcode}",
        reverse("outreach:loan_statistics"),
        reverse("outreach:health_statistics"),
    ]
    _assert_escaped(client, pages)
    for name in EXPORTED:
        _assert_text_in_export(client, reverse(f"outreach:{name}"))


def _figures(site):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from houqin.reports import registry

    tz = ZoneInfo("Asia/Shanghai")
    year = timezone.localdate().year
    return registry.compute(
        site_ids=[site.pk],
        start=datetime(year, 1, 1, tzinfo=tz),
        end=datetime(year + 1, 1, 1, tzinfo=tz),
    )


def test_voided_outreach_records_no_longer_count(personas, librarian, evil):
    from houqin.outreach.models import BoardIssue, Consultation, Distribution, Investment
    from houqin.outreach.services import publicity

    site = personas.site
    before = _figures(site)
    expected = {
        "outreach.library_loans": 1,
        "outreach.health_consultations": 1,
        "outreach.publicity_issues": 1,
        "outreach.materials_distributed": 3,
        "outreach.investment_yuan": 100,
    }
    assert {key: before[key] for key in expected} == expected
    services.loan_void(loan=Loan.objects.get(), by=librarian, reason="录错")
    health.consultation_void(consultation=Consultation.objects.get(), by=librarian, reason="录错")
    publicity.issue_void(issue=BoardIssue.objects.get(), by=librarian, reason="录错")
    publicity.distribution_void(
        distribution=Distribution.objects.get(), by=librarian, reason="录错"
    )
    publicity.investment_void(investment=Investment.objects.get(), by=librarian, reason="录错")
    after = _figures(site)
    assert {key: after[key] for key in expected} == dict.fromkeys(expected, 0)


def test_no_more_materials_are_handed_out_than_printed(client, personas, librarian):
    from houqin.outreach.models import Distribution

    material = make_material(personas.site, printed=10)
    client.force_login(librarian)
    data = {
        "material": material.pk,
        "distributed_on": timezone.localdate().isoformat(),
        "occasion": "义诊",
    }
    response = client.post(reverse("outreach:distribution_add"), {**data, "quantity": 11})
    assert response.context["form"].errors
    assert not Distribution.objects.exists()
    client.post(reverse("outreach:distribution_add"), {**data, "quantity": 6})
    response = client.post(reverse("outreach:distribution_add"), {**data, "quantity": 6})
    assert response.context["form"].errors
    assert list(Distribution.objects.values_list("quantity", flat=True)) == [6]


@pytest.mark.django_db(transaction=True)
def test_two_distributions_racing_for_the_last_copies_hand_out_only_what_is_left(personas):
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    from houqin.outreach.models import Distribution
    from houqin.outreach.services import publicity

    librarian = make_user("librarian", "librarian", personas.site)
    material = make_material(personas.site, printed=10)
    publicity.distribution_record(
        material=material, quantity=6, distributed_on=timezone.localdate(), occasion="", by=None
    )
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def hand_out():
        barrier.wait()
        try:
            publicity.distribution_record(
                material=material,
                quantity=3,
                distributed_on=timezone.localdate(),
                occasion="义诊",
                by=librarian,
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=hand_out) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok", "refused"]
    assert sum(Distribution.objects.values_list("quantity", flat=True)) == 9


def test_a_loan_is_not_renewed_past_the_limit(client, personas, lent):
    client.force_login(personas.staff)
    for _i in range(4):
        client.post(reverse("outreach:loan_renew", args=[lent.pk]))
    lent.refresh_from_db()
    assert lent.renewals == 2


def test_full_cancelled_and_past_sessions_cannot_be_booked(client, personas, librarian):
    from houqin.outreach.models import HealthBooking
    from houqin.outreach.tests.helpers_outreach import person_of

    full = make_session(personas.site, starts_in=timedelta(days=2), capacity=1)
    health.session_book(session=full, person=person_of(personas.duty), by=personas.duty)
    cancelled = make_session(personas.site, starts_in=timedelta(days=3), topic="营养")
    health.session_cancel(session=cancelled, by=librarian, reason="专家有事")
    past = make_session(personas.site, starts_in=timedelta(hours=-2), topic="糖尿病")
    client.force_login(personas.staff)
    for session in (full, cancelled, past):
        response = client.post(reverse("outreach:session_book"), {"session": session.pk})
        assert response.status_code < 500
    assert not HealthBooking.objects.filter(person=person_of(personas.staff)).exists()


def test_a_withdrawn_copy_is_not_lent_and_a_returned_loan_not_returned_again(
    client, personas, world, lent
):
    copy = BookCopy.objects.filter(loans__isnull=True).first()
    services.copy_withdraw(copy=copy, by=world, reason="破损")
    client.force_login(world)
    client.post(reverse("outreach:desk"), {"copy": copy.pk, "borrower": reader(world).pk})
    assert not Loan.objects.filter(copy=copy).exists()
    client.post(reverse("outreach:desk"), {"copy": lent.copy_id, "do": "return"})
    lent.refresh_from_db()
    returned_at = lent.returned_at
    assert returned_at is not None
    response = client.post(reverse("outreach:desk"), {"copy": lent.copy_id, "do": "return"})
    assert response.status_code == 302
    lent.refresh_from_db()
    assert lent.returned_at == returned_at
    assert Loan.objects.filter(returned_at__isnull=False).count() == 1


def test_a_stocktake_does_not_take_another_sites_copy(client, personas, world):
    from houqin.core.services import scan_link_sign
    from houqin.outreach.models import StockTakeScan

    other = make_user("other_librarian", "librarian", personas.other_site)
    foreign = make_shelf(personas.other_site, other, title="其他").copies[0]
    take = services.stocktake_start(site=personas.site, by=world)
    client.force_login(world)
    url = reverse("outreach:stocktake_scan", args=[take.pk])
    for code in (foreign.barcode, scan_link_sign(foreign.scan_link)):
        assert client.post(url, {"code": code}).status_code == 302
    assert not StockTakeScan.objects.exists()


def _tampered(signed: str) -> str:
    return signed[:-1] + ("A" if signed[-1] != "A" else "B")


def test_a_tampered_revoked_or_foreign_copy_code_gets_a_message_page(client, personas, world):
    from houqin.core.services import scan_link_revoke, scan_link_sign

    copy = BookCopy.objects.filter(loans__isnull=True).first()
    signed = scan_link_sign(copy.scan_link)
    loans = Loan.objects.count()
    client.force_login(personas.outsider)
    for method in (client.get, client.post):
        response = method(reverse("scan_link", args=[signed]))
        assert response.status_code == 403
    client.force_login(personas.staff)
    response = client.get(reverse("scan_link", args=[_tampered(signed)]))
    assert response.status_code == 400
    assert "core/scan_error.html" in [t.name for t in response.templates]
    scan_link_revoke(link=copy.scan_link)
    for method in (client.get, client.post):
        assert method(reverse("scan_link", args=[signed])).status_code == 400
    client.force_login(world)
    desk = client.get(reverse("outreach:desk"), {"code": signed})
    assert desk.status_code == 200 and "copy" not in desk.context
    assert Loan.objects.count() == loans
