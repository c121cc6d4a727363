"""The dashboard in a real browser under the strict Content-Security-Policy: the cards and the
monthly chart on a phone and on a desktop, with no console error."""

from __future__ import annotations

import pytest
from django.utils import timezone

from houqin.core.tests.browser import browse, chromium  # noqa: F401
from houqin.security.tests.helpers import check_in, shanghai

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_dashboard_draws_its_cards_and_chart(browse, personas, device):  # noqa: F811
    year = timezone.localdate().year
    check_in(personas.site, personas.guard, at=shanghai(year, 1, 3, 9))
    page = browse.page(device, user=personas.leader)
    page.goto("/reports/dashboard/")
    assert page.get_by_test_id("card").count() >= 12
    page.locator("#dashboard-trends canvas").first.wait_for()
    link = page.locator("[data-key='security.visitor_registrations'] [data-testid=card-link]")
    link.click()
    page.wait_for_url("**/security/visits/**")
    assert "counted=true" in page.url
