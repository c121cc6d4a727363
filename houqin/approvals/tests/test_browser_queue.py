"""The pending queue in a real browser, under the strict Content-Security-Policy: approving a
request by htmx replaces its row without leaving the page."""

import pytest

from houqin.approvals.tests.helpers import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_approver_approves_from_the_queue_on_a_phone(browse, personas):
    request = submit(personas.site, personas.staff)
    page = browse.page("phone", user=personas.secadmin)
    page.goto("/approvals/")
    row = page.locator(f"[data-request='{request.pk}']")
    row.locator("input[name=comment]").fill("同意采购")

    row.get_by_test_id("approve").tap()

    page.get_by_test_id("decided").wait_for()
    assert page.url.endswith("/approvals/")
    request.refresh_from_db()
    assert (request.status, request.current_step) == ("pending", 2)
    assert request.decisions.get().comment == "同意采购"
    browse.assert_clean()
