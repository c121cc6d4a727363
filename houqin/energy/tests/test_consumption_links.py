"""Each figure of the consumption page links to exactly the readings it adds: the sum the
readings ledger shows under those rows equals the figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from houqin.energy.tests.helpers_consumption import *  # noqa: F403  (fixtures)

D = Decimal


def _ledger_sums(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["table"].totals


@pytest.mark.parametrize("by", ["building", "department", "meter"])
def test_group_figure_equals_the_sum_of_its_rows(client, energy, by):
    client.force_login(energy.fm)
    page = client.get(reverse("energy:consumption"), {"year": 2006})
    tables = {name: table for name, _title, table, _url in page.context["tables"]}
    rows = list(tables[by].rows)
    assert rows
    for row in rows:
        sums = _ledger_sums(client, row["url"])
        assert (sums["use"], sums["cost"]) == (row["use"], row["cost"]), row["label"]


def test_month_figure_equals_the_sum_of_its_rows(client, energy):
    client.force_login(energy.fm)
    page = client.get(reverse("energy:consumption"), {"year": 2006})
    months = [row for row in page.context["month_table"].rows if row["use"] is not None]
    assert months
    for row in months:
        sums = _ledger_sums(client, row["url"])
        assert (sums["use"], sums["cost"]) == (row["use"], row["cost"]), row["label"]


def test_ledger_shows_the_sum_of_the_filtered_rows(client, energy):
    client.force_login(energy.fm)
    response = client.get(
        reverse("energy:reading_list"),
        {"energy_type": "electricity", "counted": "true", "main_only": "true",
         "used_on_after": "2006-01-01", "used_on_before": "2006-12-31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["table"].totals == {"use": D("1300.000"), "cost": D("780.00")}
    assert 'data-testid="sum-consumption"' in response.content.decode()


def test_standard_coal_is_converted_once_on_both_pages(client, energy):
    client.force_login(energy.fm)
    consumption = client.get(reverse("energy:consumption"), {"year": 2006})
    statistics = client.get(reverse("energy:statistics"), {"year": 2006})
    electricity = statistics.context["totals"]["by_type"]["electricity"]
    assert consumption.context["totals"]["kgce"] == electricity["kgce"] == D("159.77")


def test_water_is_not_counted_in_total_energy(client, energy):
    client.force_login(energy.fm)
    response = client.get(reverse("energy:statistics"), {"year": 2006}, HTTP_ACCEPT_LANGUAGE="en")
    table = response.context["table"]
    water = next(row for row in table.rows if row["energy_type"] == "water")
    cells = {column.name: column.text(water) for column in table.columns}
    assert cells["kgce"] == "—"
    assert 'data-testid="not-in-total"' in response.content.decode()
    assert "not counted in total energy use" in response.content.decode()


def test_figures_are_grouped_with_fixed_decimals(client, energy):
    client.force_login(energy.fm)
    response = client.get(reverse("energy:consumption"), {"year": 2006})
    html = response.content.decode()
    # a quantity: one decimal, thousands separated (also in Chinese, whose format has none)
    assert 'data-testid="total-use">1,300.0<' in html
    assert response.context["totals"]["change"] == "-13.3"
    month = next(row for row in response.context["month_table"].rows if row["use"] is not None)
    table = response.context["month_table"]
    change = next(c for c in table.columns if c.name == "change")
    text = change.text(month)
    assert not text or text[0] in "+-"
