"""The greening acceptance check in a real browser under the strict Content-Security-Policy: a
supervisor checks a contract's month on a phone with the live score and evidence photos, and
the manager reads the payment sheet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.environment.models import AcceptanceCheck
from houqin.environment.tests.helpers_greening import *  # noqa: F403
from houqin.environment.tests.helpers_greening import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_checks_a_month_on_a_phone(browse, envman, sup, contract):  # noqa: F811
    terms = list(contract.terms.all())
    page = browse.page("phone", user=sup)
    page.goto(f"/environment/greening/checks/add/?contract={contract.pk}")
    page.fill("#id_month", "2025-03")
    with page.expect_navigation():
        page.locator("[data-testid=start-form] button[type=submit]").click()
    score = page.locator("[data-check-score]")
    expect(score).to_have_text("100")
    page.fill("#id_checked_on", "2025-03-28")
    page.get_by_test_id(f"pass-{terms[2].pk}").click()  # nothing is pre-answered
    for term in terms[:2]:
        page.get_by_test_id(f"fail-{term.pk}").click()
        page.set_input_files(
            f"#id_photo_{term.pk}",
            {"name": "lawn.png", "mimeType": "image/png", "buffer": png_bytes()},
        )
    expect(score).to_have_text("75")
    expect(score).to_have_class("fs-4 fw-bold text-danger")
    with page.expect_navigation():
        page.locator("[data-greening-check] button[type=submit]").click()
    check = AcceptanceCheck.objects.get()
    assert str(check.score) == "75.0"
    expect(page.get_by_test_id("check-results")).to_contain_text(terms[0].text)

    manager = browse.page("desktop", user=envman)
    march = contract.instalments.get(month=check.month)
    manager.goto(f"/environment/greening/payments/{march.pk}/")
    expect(manager.locator("[data-payable]")).to_have_text("8700.00")
    expect(manager.get_by_test_id("deduction")).to_have_count(2)
    expect(manager.get_by_test_id("print")).to_be_visible()
    browse.assert_clean()
