"""The consumption, statistics and savings pages: figures from rows, the site scope, refusals of
the wrong role and the wrong site, bad input answered with a message, the Excel exports and
bounded queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.energy.tests.helpers_consumption import *  # noqa: F403  (fixtures)

D = Decimal
PAGES = ("energy:consumption", "energy:statistics", "energy:savings")


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), {"year": 2006, **params})


def test_consumption_page_figures(client, energy):
    response = _get(client, energy.fm, "energy:consumption")
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals["use"], totals["cost"], totals["kgce"]) == (
        D("1300.000"),
        D("780.00"),
        D("159.77"),
    )
    assert totals["change"] == "-13.3"
    body = response.content.decode()
    assert "综合楼" in body and "附楼" in body and "表E1a" in body
    assert 'data-testid="month-chart"' in body


def test_consumption_page_of_water(client, energy):
    response = _get(client, energy.tech, "energy:consumption", energy_type="water")
    assert response.status_code == 200
    assert response.context["totals"]["use"] == D("150.000")
    assert response.context["unit"] == "m³"


def test_statistics_page_figures(client, energy):
    response = _get(client, energy.fm, "energy:statistics")
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["total_kgce"] == D("159.77")
    assert totals["kgce_per_capita"] == D("15.98")
    assert totals["kgce_per_m2"] == D("0.16")
    assert totals["water_per_capita"] == D("15.00")
    body = response.content.decode()
    assert "GB/T 2589" in body and "1,000.00" in body  # a factor's source; the budget


def test_savings_page_figures(client, personas, energy):
    response = _get(client, personas.leader, "energy:savings")
    assert response.status_code == 200
    result = response.context["result"]
    assert result["total"]["saving"] == D("595.00")
    assert [result[p]["saving"] for p in ("electricity", "water", "supplies")] == [
        D("120.00"),
        D("175.00"),
        D("300.00"),
    ]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["staff", "outsider", "guard", "nobody"])
def test_other_roles_are_refused(client, personas, energy, name, who):
    assert _get(client, getattr(personas, who), name).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_login(client, energy, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_another_sites_figures_are_refused(client, energy, name):
    assert _get(client, energy.other_fm, name, site="main").status_code == 404
    assert _get(client, energy.fm, name, site="nowhere").status_code == 404


def test_the_other_sites_manager_sees_only_their_site(client, energy):
    response = _get(client, energy.other_fm, "energy:consumption")
    assert response.context["totals"]["use"] == D("7777.000")
    response = _get(client, energy.other_fm, "energy:savings")
    assert response.context["result"]["supplies"]["this"] == D("0.00")


def test_bad_input_gives_a_message_and_the_page(client, energy):
    client.force_login(energy.fm)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    query = {"year": 2006, "energy_type": "coal", "export": "x"}
    response = client.get(reverse("energy:consumption"), query, **english)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose one of the energy types." in body
    assert "There is no such table to export." in body
    response = client.get(reverse("energy:statistics"), {"year": "19x"}, **english)
    assert response.status_code == 200
    assert "Choose a year between 2000 and next year." in response.content.decode()


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("table", ["month", "building", "department", "meter"])
def test_consumption_tables_export(client, energy, table):
    sheet = _sheet(_get(client, energy.fm, "energy:consumption", export=table))
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert ("100.000" in values or 100 in values) if table == "department" else True
    assert sheet.max_row >= 4


def test_statistics_and_savings_export(client, energy):
    sheet = _sheet(_get(client, energy.fm, "energy:statistics", export="types"))
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 159.77 in values or "159.77" in values
    sheet = _sheet(_get(client, energy.fm, "energy:savings", export="savings"))
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 595 in values or "595.00" in values


@pytest.mark.parametrize("name, most", [(PAGES[0], 22), (PAGES[1], 14), (PAGES[2], 12)])
def test_page_queries_are_bounded(client, energy, django_assert_max_num_queries, name, most):
    client.force_login(energy.fm)
    with django_assert_max_num_queries(most):
        assert client.get(reverse(name), {"year": 2006}).status_code == 200
