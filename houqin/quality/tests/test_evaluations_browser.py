"""Service evaluation in a real browser under the strict Content-Security-Policy: a supervisor
scores a post on a phone with the live total, then reads the summary chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from houqin.core.tests.browser import browse, chromium  # noqa: F401  (browser fixtures)
from houqin.quality.models import Evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_scores_a_post_on_a_phone(browse, personas, sup, post_setup):  # noqa: F811
    page = browse.page("phone", user=sup)
    page.goto("/quality/evaluations/add/")
    page.select_option("#id_post", str(post_setup.post.pk))
    page.fill("#id_month", "2026-03")
    with page.expect_navigation():
        page.locator("[data-testid=start-form] button[type=submit]").click()
    total = page.locator("[data-evaluation-total]")
    expect(total).to_have_text("100.0")
    third = post_setup.items[2]
    page.fill(f"#id_points_{third.pk}", "15")
    page.locator(f"#id_points_{third.pk}").dispatch_event("input")
    expect(total).to_have_text("95.0")
    slider = page.locator(f"[data-range-for=id_points_{post_setup.items[0].pk}]")
    slider.fill("36")
    expect(total).to_have_text("91.0")
    with page.expect_navigation():
        page.locator("[data-evaluation-form] button[type=submit]").click()
    evaluation = Evaluation.objects.get()
    assert str(evaluation.score) == "91.0"
    expect(page.get_by_test_id("evaluation-scores")).to_contain_text("垃圾及时清运")

    page.goto("/quality/summary/?year=2026")
    expect(page.locator("[data-testid=trend-chart] canvas")).to_have_count(1)
    browse.assert_clean()
