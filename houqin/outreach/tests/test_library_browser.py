"""The library desk in a real browser, under the strict Content-Security-Policy: the librarian
scans (types) a copy's barcode, lends it to a reader found by name, scans it again and takes it
back."""

from __future__ import annotations

import pytest

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.core.tests.browser import browse, chromium
from houqin.outreach.models.library import Loan
from houqin.outreach.tests.helpers_library import make_shelf

# pytest finds these fixtures by their names in this module.
FIXTURES = (browse, chromium)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scan(page, barcode: str) -> None:
    """What a USB barcode reader does: type the code, then Enter."""
    page.get_by_test_id("desk-code").fill(barcode)
    with page.expect_navigation():
        page.get_by_test_id("desk-code").press("Enter")


def test_librarian_lends_and_takes_back_a_book_by_scanning(browse, personas):
    librarian = make_user("librarian", roles.LIBRARIAN, personas.site)
    copy = make_shelf(personas.site, librarian, copies=1).copies[0]
    page = browse.page("desktop", user=librarian)
    page.goto("/outreach/library/desk/")

    _scan(page, copy.barcode)
    assert page.get_by_test_id("desk-barcode").inner_text() == copy.barcode
    with page.expect_response("**/library/desk/readers/**"):
        page.get_by_test_id("reader-q").fill("staf")
    page.get_by_test_id("reader-option").first.check()
    with page.expect_navigation():
        page.get_by_test_id("desk-lend").click()
    assert "staff" in page.locator(".alert-success").inner_text()
    loan = Loan.objects.get()
    assert loan.borrower.user == personas.staff and loan.returned_at is None

    _scan(page, copy.barcode)
    assert "staff" in page.get_by_test_id("desk-loan").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("desk-return").click()
    assert page.locator(".alert-success").count() == 1
    loan.refresh_from_db()
    assert loan.returned_at is not None and loan.returned_by == librarian

    page.goto(loan.get_absolute_url())
    assert page.get_by_test_id("loan-state").inner_text().strip() in ("returned", "已归还")
    browse.assert_clean()
