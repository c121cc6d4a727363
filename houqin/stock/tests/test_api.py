"""API of the stock ledger: role and site refusals, writes through the services with field
messages on refusal, void, and the query counts of the lists."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.stock import services
from houqin.stock.models import Movement
from houqin.stock.queries import on_hand

BASE = "/api/stock/"


def qty(store, item) -> Decimal:
    rows = list(on_hand(site_ids=None, store=store, item=item))
    return rows[0].quantity if rows else Decimal(0)


@pytest.fixture
def moved(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=10, by=keeper)
    return services.stock_issue(store=stock.main, item=stock.paper, quantity=3, by=keeper)


@pytest.mark.parametrize("path", ["stores/", "items/", "on-hand/", "movements/"])
def test_lists_for_storekeeper_leader_and_not_staff(api, personas, keeper, moved, path):
    api.force_authenticate(keeper)
    assert api.get(BASE + path).status_code == 200
    api.force_authenticate(personas.leader)
    assert api.get(BASE + path).status_code == 200
    api.force_authenticate(personas.staff)
    assert api.get(BASE + path).status_code == 403


def test_on_hand_lists_quantity_and_value(api, keeper, moved):
    api.force_authenticate(keeper)
    rows = api.get(BASE + "on-hand/").json()["results"]
    assert [(r["item_code"], r["quantity"], r["value"]) for r in rows] == [
        ("P01", "7.000", "175.00")
    ]


def test_other_sites_records_are_404_and_absent(api, stock, other_keeper, moved):
    api.force_authenticate(other_keeper)
    assert api.get(f"{BASE}movements/{moved.pk}/").status_code == 404
    assert api.get(f"{BASE}items/{stock.paper.pk}/").status_code == 404
    assert api.get(BASE + "on-hand/").json()["results"] == []
    post = {"kind": "issue", "store": stock.main.pk, "item": stock.paper.pk, "quantity": "1"}
    assert api.post(BASE + "movements/", post, format="json").status_code == 400
    assert api.post(f"{BASE}movements/{moved.pk}/void/", {"reason": "x"}).status_code == 404
    assert qty(stock.main, stock.paper) == 7


def test_create_receipt_issue_return_and_transfer(api, stock, keeper):
    api.force_authenticate(keeper)

    def post(**data):
        return api.post(BASE + "movements/", data, format="json")

    r = post(
        kind="receipt", store=stock.main.pk, item=stock.paper.pk, quantity="10", unit_cost="24.50"
    )
    assert r.status_code == 201 and r.json()["unit_cost"] == "24.50"
    assert (
        post(kind="issue", store=stock.main.pk, item=stock.paper.pk, quantity="3").status_code
        == 201
    )
    assert (
        post(kind="return", store=stock.main.pk, item=stock.paper.pk, quantity="1").status_code
        == 201
    )
    t = post(
        kind="transfer_out",
        store=stock.main.pk,
        target=stock.depot.pk,
        item=stock.paper.pk,
        quantity="2",
    )
    assert t.status_code == 201 and t.json()["transfer"]
    assert qty(stock.main, stock.paper) == 6 and qty(stock.depot, stock.paper) == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "issue", "quantity": "8"}, "quantity"),
        ({"kind": "issue", "quantity": "0"}, "quantity"),
        ({"kind": "issue", "quantity": "-1"}, "quantity"),
        ({"kind": "issue", "quantity": "NaN"}, "quantity"),
        ({"kind": "issue", "quantity": "1e30"}, "quantity"),
        ({"kind": "transfer_out", "quantity": "1"}, "target"),
        ({"kind": "adjustment", "quantity": "1"}, "kind"),
        ({"kind": "issue", "quantity": "1", "item": 999999}, "item"),
    ],
)
def test_refusals_are_400_with_field_messages(api, stock, keeper, moved, data, field):
    api.force_authenticate(keeper)
    body = {"store": stock.main.pk, "item": stock.paper.pk, **data}
    response = api.post(BASE + "movements/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert qty(stock.main, stock.paper) == 7


def test_void_through_the_api(api, personas, stock, keeper, moved):
    api.force_authenticate(personas.leader)
    assert api.post(f"{BASE}movements/{moved.pk}/void/", {"reason": "x"}).status_code == 403
    api.force_authenticate(keeper)
    receipt = Movement.objects.get(kind="receipt")
    assert api.post(f"{BASE}movements/{receipt.pk}/void/", {"reason": "x"}).status_code == 400
    assert api.post(f"{BASE}movements/{moved.pk}/void/", {"reason": "x"}).status_code == 204
    assert qty(stock.main, stock.paper) == 10


def test_leader_may_not_create(api, personas, stock):
    api.force_authenticate(personas.leader)
    body = {"kind": "receipt", "store": stock.main.pk, "item": stock.paper.pk, "quantity": "1"}
    assert api.post(BASE + "movements/", body, format="json").status_code == 403


@pytest.mark.parametrize("path", ["stores/", "items/", "on-hand/", "movements/"])
def test_api_lists_cost_a_fixed_number_of_queries(
    api, stock, keeper, django_assert_max_num_queries, path
):
    for i in range(15):
        services.stock_receive(store=stock.main, item=stock.paper, quantity=i + 1, by=keeper)
        services.stock_receive(store=stock.depot, item=stock.water, quantity=i + 1, by=keeper)
    api.force_authenticate(keeper)
    # permissions, sites, the filter's item and store choices, count, rows
    with django_assert_max_num_queries(6):
        assert api.get(BASE + path).status_code == 200
