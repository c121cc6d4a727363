"""The money figures of the dashboard lead to exactly the rows they add up: the procurement
orders signed in the year (their number is the orders figure; their budgets less their contracts
are the savings) and the counted readings of main meters (the ledger's cost is the energy cost)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from houqin.energy.tests.helpers_consumption import *  # noqa: F403  (fixtures)
from houqin.procurement.tests.helpers_savings import *  # noqa: F403  (fixtures)
from houqin.utils.money import whole_yuan

pytestmark = pytest.mark.django_db


def _cards(client, user, year: int) -> dict:
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), {"year": year})
    assert response.status_code == 200
    return {card["key"]: card for card in response.context["cards"]}


def test_procurement_figures_lead_to_the_orders_that_make_them(client, personas, savings):
    cards = _cards(client, personas.leader, 2006)
    orders, saved = cards["procurement.orders"], cards["procurement.savings_yuan"]
    assert orders["value"] == 4 and saved["value"] == 44500  # whole yuan of 44,499.50
    assert orders["url"] == saved["url"]
    listed = client.get(orders["url"])
    assert listed.status_code == 200
    projects = listed.context["page"].paginator.object_list
    assert projects.count() == orders["value"]
    assert whole_yuan(sum(p.budget_yuan - p.contract_yuan for p in projects)) == saved["value"]


def test_energy_cost_leads_to_the_readings_it_adds(client, personas, energy):
    cards = _cards(client, personas.leader, 2006)
    cost = cards["energy.cost_yuan"]
    listed = client.get(cost["url"])
    assert listed.status_code == 200
    assert whole_yuan(listed.context["table"].totals["cost"]) == cost["value"] > 0
