"""Cleaning pages after the walk-through: the cleaner's own rectifications (open first, card and
list agreeing), what the inspection found on the rectification page, the ledger export kept to
those who check, inspections listed by the inspector's name and opening their items, and the
ranking's pass rate by weight with every zone named."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from houqin.environment.models import ZoneRectification
from houqin.environment.queries import cleaning as queries
from houqin.environment.services import cleaning as services
from houqin.environment.tests.helpers_cleaning import *  # noqa: F403  (fixtures)
from houqin.environment.tests.helpers_cleaning import answers, make_zone, photo

pytestmark = pytest.mark.django_db


def _inspect(setup, by, failed=()):
    photos = {setup.items[i].pk: photo() for i in failed}
    return services.zone_inspect(
        zone=setup.zone, by=by, results=answers(setup.items, failed), photos=photos
    )


def _url(name, **kwargs):
    return reverse(f"environment:{name}", kwargs=kwargs or None)


def _rows(page: str) -> int:
    return page.count('data-label="') // 6  # six columns in the rectification table


def test_mine_lists_open_ones_first_and_agrees_with_the_card(
    client, personas, zone_setup, sup, cleaner
):
    _inspect(zone_setup, sup, failed=(0, 1))
    closed, still_open = ZoneRectification.objects.order_by("pk")
    ZoneRectification.objects.filter(pk=closed.pk).update(
        status="passed", deadline=timezone.localdate() - timedelta(days=3000)
    )
    client.force_login(cleaner)
    request = RequestFactory().get("/")
    request.user, request.site = cleaner, personas.site
    card = queries.dashboard_cards(request)[0]
    assert card.value == 1
    page = client.get(card.url).content.decode()
    assert _rows(page) == 1 and still_open.item_text in page
    mine = client.get(_url("rectification_list"), {"mine": "true"}).content.decode()
    assert _rows(mine) == 1 and closed.item_text not in mine
    asked = client.get(_url("rectification_list"), {"mine": "true", "status": "passed"})
    assert closed.item_text in asked.content.decode()


def test_rectification_page_shows_the_finding_and_one_label(client, zone_setup, sup, cleaner):
    _inspect(zone_setup, sup, failed=(0,))
    rect = ZoneRectification.objects.get()
    services.rectification_report(rectification=rect, by=cleaner, note="已清扫", photo=None)
    client.force_login(cleaner)
    page = client.get(rect.get_absolute_url()).content.decode()
    assert 'data-testid="finding"' in page and 'data-testid="finding-photo"' in page
    assert 'data-testid="finding-note">脏<' in page
    assert "整改情况" in page and "维修情况" not in page  # the form's label, one wording


def test_export_kept_to_those_who_check(client, zone_setup, sup, cleaner):
    _inspect(zone_setup, sup, failed=(0,))
    url = _url("rectification_list")
    client.force_login(cleaner)
    assert 'data-testid="export"' not in client.get(url).content.decode()
    assert client.get(url, {"export": "xlsx"}).status_code == 403
    client.force_login(sup)
    assert 'data-testid="export"' in client.get(url).content.decode()
    assert client.get(url, {"export": "xlsx"}).status_code == 200


def test_inspections_show_the_name_and_open_the_items(
    client, personas, zone_setup, other_zone, sup, other_sup
):
    sup.last_name, sup.first_name = "王", "督查"
    sup.save(update_fields=["last_name", "first_name"])
    scan = _inspect(zone_setup, sup, failed=(1,))
    scan = getattr(scan, "scan", scan)
    client.force_login(sup)
    page = client.get(_url("inspection_list")).content.decode()
    assert "王督查" in page
    detail_url = _url("inspection_detail", pk=scan.pk)
    assert detail_url in page
    detail = client.get(detail_url).content.decode()
    assert detail.count('data-testid="result-row"') == 3
    assert 'data-passed="no"' in detail and "evidence-photo" in detail and "脏" in detail
    client.force_login(other_sup)
    assert client.get(detail_url).status_code == 404
    client.force_login(personas.guard)
    assert client.get(detail_url).status_code == 403


def test_ranking_rate_by_weight_and_every_zone_named(client, personas, zone_setup, envman, sup):
    second = make_zone(personas.site, envman, code="Z02", name="二楼走廊")
    _inspect(zone_setup, sup, failed=(0,))  # weights 5+3+2: 5 failed → 50 %, items 2/3
    _inspect(second, sup)
    client.force_login(envman)
    page = client.get(_url("zone_ranking")).content.decode()
    assert "50%" in page and "67%" not in page
    assert "text-nowrap" in page
    start = page.index('data-chart="') + len('data-chart="')
    chart = json.loads(page[start : page.index('"', start)].replace("&quot;", '"'))
    assert chart["yAxis"]["data"] == ["二楼走廊", "一楼大厅"]
    assert chart["xAxis"]["type"] == "value"
