"""Pages of the stock ledger: role and site refusals, the movement forms, the stock-take steps,
the Excel ledgers and the query counts of the lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from houqin.stock import services
from houqin.stock.models import Movement, StockTake
from houqin.stock.queries import on_hand


@pytest.fixture
def moved(stock, keeper):
    """10 reams received into the office store, 3 issued to the office."""
    services.stock_receive(store=stock.main, item=stock.paper, quantity=10, by=keeper)
    return services.stock_issue(
        store=stock.main, item=stock.paper, quantity=3, by=keeper, party="办公室"
    )


def qty(store, item) -> Decimal:
    rows = list(on_hand(site_ids=None, store=store, item=item))
    return rows[0].quantity if rows else Decimal(0)


LISTS = [
    "stock:on_hand",
    "stock:store_list",
    "stock:item_list",
    "stock:movement_list",
    "stock:stocktake_list",
]
FORMS = [
    "stock:receive",
    "stock:issue",
    "stock:return",
    "stock:transfer",
    "stock:stocktake_add",
    "stock:store_add",
    "stock:item_add",
]


@pytest.mark.parametrize("name", LISTS + FORMS)
def test_storekeeper_opens_and_staff_is_refused(client, personas, keeper, name):
    client.force_login(keeper)
    assert client.get(reverse(name)).status_code == 200
    client.force_login(personas.staff)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", LISTS)
def test_leadership_reads_the_ledgers(client, personas, moved, name):
    client.force_login(personas.leader)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", FORMS)
def test_leadership_may_not_write(client, personas, name):
    client.force_login(personas.leader)
    assert client.get(reverse(name)).status_code == 403


def _details(stock, moved):
    take = StockTake.objects.first()
    return [
        ("stock:store_detail", stock.main.pk),
        ("stock:store_edit", stock.main.pk),
        ("stock:item_detail", stock.paper.pk),
        ("stock:item_edit", stock.paper.pk),
        ("stock:movement_detail", moved.pk),
        ("stock:movement_void", moved.pk),
        ("stock:stocktake_detail", take.pk),
    ]


def test_detail_pages_open_for_the_storekeeper_and_404_for_another_sites(
    client, personas, stock, keeper, other_keeper, moved
):
    services.stocktake_record(store=stock.main, counts={stock.paper.pk: 7}, by=keeper)
    for name, pk in _details(stock, moved):
        url = reverse(name, kwargs={"pk": pk})
        client.force_login(keeper)
        assert client.get(url).status_code == 200, name
        client.force_login(other_keeper)
        assert client.get(url).status_code == 404, name
        client.force_login(personas.staff)
        assert client.get(url).status_code == 403, name


def test_item_page_shows_stock_per_store_and_the_running_balance(client, stock, keeper, moved):
    client.force_login(keeper)
    page = client.get(reverse("stock:item_detail", kwargs={"pk": stock.paper.pk}))
    text = page.content.decode()
    assert "办公用品库" in text
    assert next(b.strip() for b in text.split("data-balance>")[1:]).startswith("7")


def test_receive_form_records_a_receipt(client, stock, keeper):
    client.force_login(keeper)
    data = {"store": stock.depot.pk, "item": stock.water.pk, "quantity": "20000", "party": "捐赠"}
    response = client.post(reverse("stock:receive"), data)
    assert response.status_code == 302
    assert qty(stock.depot, stock.water) == 20000


def test_issue_form_refuses_more_than_on_hand_with_a_message(client, stock, keeper, moved):
    client.force_login(keeper)
    data = {"store": stock.main.pk, "item": stock.paper.pk, "quantity": "8"}
    response = client.post(reverse("stock:issue"), data)
    assert response.status_code == 400
    assert "复印纸" in response.content.decode()
    assert qty(stock.main, stock.paper) == 7


@pytest.mark.parametrize("quantity", ["0", "-1", "NaN", "1e20", "abc", ""])
def test_issue_form_refuses_bad_quantities(client, stock, keeper, moved, quantity):
    client.force_login(keeper)
    data = {"store": stock.main.pk, "item": stock.paper.pk, "quantity": quantity}
    assert client.post(reverse("stock:issue"), data).status_code == 400
    assert qty(stock.main, stock.paper) == 7


def test_forms_refuse_another_sites_store(client, stock, keeper):
    client.force_login(keeper)
    data = {"store": stock.other.pk, "item": stock.other_item.pk, "quantity": "1"}
    assert client.post(reverse("stock:receive"), data).status_code == 400
    assert not Movement.objects.filter(store=stock.other).exists()


def test_transfer_form_moves_goods_and_refuses_the_same_store(client, stock, keeper, moved):
    client.force_login(keeper)
    url = reverse("stock:transfer")
    same = {"source": stock.main.pk, "target": stock.main.pk, "item": stock.paper.pk}
    assert client.post(url, {**same, "quantity": "1"}).status_code == 400
    data = {**same, "target": stock.depot.pk, "quantity": "2"}
    assert client.post(url, data).status_code == 302
    assert qty(stock.main, stock.paper) == 5 and qty(stock.depot, stock.paper) == 2


def test_stocktake_steps_show_differences_then_book_them(client, stock, keeper, moved):
    client.force_login(keeper)
    url = reverse("stock:stocktake_add")
    page = client.get(url, {"store": stock.main.pk})
    assert page.status_code == 200 and f'name="count_{stock.paper.pk}"' in page.content.decode()
    counts = {"store": stock.main.pk, f"count_{stock.paper.pk}": "6"}
    preview = client.post(url, {**counts, "step": "preview"})
    assert preview.status_code == 200
    assert "data-difference>-1" in preview.content.decode()
    assert not StockTake.objects.exists()
    done = client.post(url, {**counts, "step": "confirm"})
    assert done.status_code == 302
    assert qty(stock.main, stock.paper) == 6


def test_stocktake_refuses_bad_counts_and_another_sites_store(client, stock, keeper, moved):
    client.force_login(keeper)
    url = reverse("stock:stocktake_add")
    bad = {"store": stock.main.pk, f"count_{stock.paper.pk}": "-2", "step": "preview"}
    assert client.post(url, bad).status_code == 400
    assert client.post(url, {**bad, "step": "confirm"}).status_code == 400
    assert client.post(url, {"store": stock.main.pk, "step": "confirm"}).status_code == 400
    assert client.get(url, {"store": stock.other.pk}).status_code == 404
    assert not StockTake.objects.exists()


def test_void_page_voids_and_refuses_a_void_below_zero(client, stock, keeper, moved):
    client.force_login(keeper)
    receipt = Movement.objects.get(kind="receipt")
    services.stock_issue(store=stock.main, item=stock.paper, quantity=7, by=keeper)
    url = reverse("stock:movement_void", kwargs={"pk": receipt.pk})
    assert client.post(url, {"reason": "录错"}).status_code == 200  # the form, with the refusal
    receipt.refresh_from_db()
    assert receipt.voided_at is None
    url = reverse("stock:movement_void", kwargs={"pk": moved.pk})
    assert client.post(url, {"reason": "录错"}).status_code == 302
    assert qty(stock.main, stock.paper) == 3


def test_store_and_item_forms_save(client, personas, keeper):
    client.force_login(keeper)
    data = {"site": personas.site.pk, "code": "WX", "name": "维修备件库", "is_active": "on"}
    assert client.post(reverse("stock:store_add"), data).status_code == 302
    item = {
        "site": personas.site.pk,
        "code": "B01",
        "name": "编织袋",
        "unit": "个",
        "ledger": "relief",
        "unit_cost": "0.80",
        "is_active": "on",
    }
    assert client.post(reverse("stock:item_add"), item).status_code == 302
    assert client.post(reverse("stock:item_add"), item).status_code == 200  # code taken
    assert (
        client.post(reverse("stock:item_add"), {**item, "code": "B02", "ledger": "x"}).status_code
        == 200
    )


def test_ledgers_export_as_excel(client, stock, keeper, moved):
    client.force_login(keeper)
    for name in ("stock:on_hand", "stock:movement_list"):
        response = client.get(reverse(name), {"export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_on_hand_filters_low_only_and_by_ledger(client, stock, keeper, moved):
    services.stock_issue(store=stock.main, item=stock.paper, quantity=3, by=keeper)
    services.stock_receive(store=stock.depot, item=stock.water, quantity=100, by=keeper)
    client.force_login(keeper)
    low = client.get(reverse("stock:on_hand"), {"low": "true"}).content.decode()
    assert "复印纸" in low and "矿泉水" not in low
    relief = client.get(reverse("stock:on_hand"), {"ledger": "relief"}).content.decode()
    assert "矿泉水" in relief and "复印纸" not in relief


def test_other_sites_storekeeper_sees_none_of_this_sites_stock(client, other_keeper, moved):
    client.force_login(other_keeper)
    for name in ("stock:on_hand", "stock:movement_list"):
        assert "办公用品库" not in client.get(reverse(name)).content.decode()


def test_home_card_warns_of_low_stock(client, keeper, moved, stock):
    services.stock_issue(store=stock.main, item=stock.paper, quantity=2, by=keeper)
    client.force_login(keeper)
    assert "?low=true" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("name", ["stock:on_hand", "stock:movement_list", "stock:item_list"])
def test_list_pages_cost_a_fixed_number_of_queries(
    client, stock, keeper, django_assert_max_num_queries, name
):
    for i in range(15):
        services.stock_receive(store=stock.main, item=stock.paper, quantity=i + 1, by=keeper)
        services.stock_receive(store=stock.depot, item=stock.water, quantity=i + 1, by=keeper)
    client.force_login(keeper)
    client.get(reverse(name))
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200
