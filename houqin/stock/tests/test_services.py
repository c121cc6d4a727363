"""The stock ledger's services with stated figures, and every refusal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Event
from houqin.stock import queries, services
from houqin.stock.choices import MovementKind
from houqin.stock.models import Movement, StockSlot, StockTakeLine

pytestmark = pytest.mark.usefixtures("english")


def qty(store, item) -> Decimal:
    rows = list(queries.on_hand(site_ids=None, store=store, item=item))
    return rows[0].quantity if rows else Decimal(0)


def test_receive_issue_transfer_and_stocktake_give_the_stated_figures(stock, keeper):
    s = stock
    services.stock_receive(store=s.main, item=s.paper, quantity=10, by=keeper, party="文具公司")
    services.stock_issue(store=s.main, item=s.paper, quantity=3, by=keeper, party="办公室")
    out, into = services.stock_transfer(
        source=s.main, target=s.depot, item=s.paper, quantity=2, by=keeper
    )
    assert qty(s.main, s.paper) == 5 and qty(s.depot, s.paper) == 2
    assert out.transfer == into.transfer and out.quantity == -2 and into.quantity == 2

    take = services.stocktake_record(store=s.main, counts={s.paper.pk: "4"}, by=keeper)

    line = StockTakeLine.objects.get(stocktake=take)
    assert (line.expected, line.counted, line.difference) == (5, 4, -1)
    adjustment = Movement.objects.get(stocktake=take)
    assert adjustment.kind == MovementKind.ADJUSTMENT and adjustment.quantity == -1
    rows = {r.store_id: r for r in queries.on_hand(site_ids=[s.main.site_id], item=s.paper)}
    assert rows[s.main.pk].quantity == 4 and rows[s.main.pk].value == Decimal("100.00")
    assert rows[s.depot.pk].quantity == 2 and rows[s.depot.pk].value == Decimal("50.00")
    assert StockSlot.objects.filter(item=s.paper).count() == 2
    assert Event.objects.filter(verb="stock_issue").count() == 1
    assert Movement.objects.filter(number__startswith="KC-").count() == 5


def test_decimal_quantities_in_square_metres(stock, keeper):
    services.stock_receive(store=stock.depot, item=stock.tarp, quantity="3200.5", by=keeper)
    services.stock_issue(store=stock.depot, item=stock.tarp, quantity="1200.25", by=keeper)
    assert qty(stock.depot, stock.tarp) == Decimal("2000.25")


def test_an_issue_beyond_stock_is_refused_with_item_store_and_figures(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=2, by=keeper)
    with pytest.raises(ValidationError) as exc:
        services.stock_issue(store=stock.main, item=stock.paper, quantity=3, by=keeper)
    message = exc.value.message_dict["quantity"][0]
    assert "复印纸" in message and "办公用品库" in message
    assert "2 包 on hand" in message and "3 包 asked for" in message
    assert qty(stock.main, stock.paper) == 2
    assert Movement.objects.count() == 1


def test_an_issue_from_an_empty_store_is_refused(stock, keeper):
    with pytest.raises(ValidationError):
        services.stock_issue(store=stock.main, item=stock.water, quantity=1, by=keeper)
    assert not Movement.objects.exists()


@pytest.mark.parametrize(
    "bad", [0, -1, "-0.5", "NaN", "Infinity", "1e12", "abc", "", None, "0.0001", "1,5"]
)
def test_bad_quantities_are_refused(stock, keeper, bad):
    with pytest.raises(ValidationError) as exc:
        services.stock_receive(store=stock.main, item=stock.paper, quantity=bad, by=keeper)
    assert "quantity" in exc.value.message_dict
    assert not Movement.objects.exists()


def test_bad_unit_costs_and_future_times_are_refused(stock, keeper):
    for bad in ("-1", "NaN", "1.234"):
        with pytest.raises(ValidationError) as exc:
            services.stock_receive(
                store=stock.main, item=stock.paper, quantity=1, unit_cost=bad, by=keeper
            )
        assert "unit_cost" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.stock_receive(
            store=stock.main,
            item=stock.paper,
            quantity=1,
            by=keeper,
            moved_at=timezone.now() + timedelta(days=1),
        )
    assert "moved_at" in exc.value.message_dict
    assert not Movement.objects.exists()


def test_an_item_of_another_site_is_refused(stock, keeper):
    with pytest.raises(ValidationError) as exc:
        services.stock_receive(store=stock.main, item=stock.other_item, quantity=1, by=keeper)
    assert "different sites" in str(exc.value)
    assert not Movement.objects.exists()


def test_an_inactive_store_or_item_is_refused(stock, keeper):
    stock.water.is_active = False
    stock.water.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        services.stock_receive(store=stock.main, item=stock.water, quantity=1, by=keeper)
    stock.depot.is_active = False
    stock.depot.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        services.stock_receive(store=stock.depot, item=stock.paper, quantity=1, by=keeper)


def test_a_transfer_to_the_same_store_or_another_site_is_refused(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=5, by=keeper)
    with pytest.raises(ValidationError) as exc:
        services.stock_transfer(
            source=stock.main, target=stock.main, item=stock.paper, quantity=1, by=keeper
        )
    assert "target" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.stock_transfer(
            source=stock.main, target=stock.other, item=stock.paper, quantity=1, by=keeper
        )
    assert "target" in exc.value.message_dict
    assert Movement.objects.count() == 1


def test_a_transfer_beyond_stock_writes_neither_half(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=1, by=keeper)
    with pytest.raises(ValidationError):
        services.stock_transfer(
            source=stock.main, target=stock.depot, item=stock.paper, quantity=2, by=keeper
        )
    assert Movement.objects.count() == 1
    assert qty(stock.depot, stock.paper) == 0


def test_a_return_adds_back_and_nets_the_party_cost(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=10, by=keeper)
    services.stock_issue(store=stock.main, item=stock.paper, quantity=4, by=keeper, party="办公室")
    services.stock_issue(store=stock.main, item=stock.paper, quantity=1, by=keeper, party="财务科")
    services.stock_return(store=stock.main, item=stock.paper, quantity=1, by=keeper, party="办公室")
    assert qty(stock.main, stock.paper) == 6
    now = timezone.now()
    rows = queries.issued_by_party(
        site_ids=[stock.main.site_id], start=now - timedelta(days=1), end=now + timedelta(days=1)
    )
    assert {r["party"]: (r["issues"], r["value"]) for r in rows} == {
        "办公室": (1, Decimal("75.00")),
        "财务科": (1, Decimal("25.00")),
    }


def test_stocktake_refuses_bad_counts_and_items_of_another_site(stock, keeper):
    for counts in ({}, {stock.paper.pk: "-1"}, {stock.paper.pk: "NaN"}, {stock.other_item.pk: 1}):
        with pytest.raises(ValidationError):
            services.stocktake_record(store=stock.main, counts=counts, by=keeper)
    assert not StockTakeLine.objects.exists()


def test_stocktake_of_an_item_never_held_books_what_was_found(stock, keeper):
    take = services.stocktake_record(store=stock.depot, counts={stock.water.pk: 24}, by=keeper)
    assert take.number.startswith("PK-")
    assert qty(stock.depot, stock.water) == 24


def test_void_of_an_issue_gives_the_goods_back(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=3, by=keeper)
    issue = services.stock_issue(store=stock.main, item=stock.paper, quantity=3, by=keeper)
    services.movement_void(movement=issue, by=keeper, reason="录入错误")
    assert qty(stock.main, stock.paper) == 3


def test_void_that_would_leave_the_store_below_zero_is_refused(stock, keeper):
    receipt = services.stock_receive(store=stock.main, item=stock.paper, quantity=3, by=keeper)
    services.stock_issue(store=stock.main, item=stock.paper, quantity=2, by=keeper)
    with pytest.raises(ValidationError) as exc:
        services.movement_void(movement=receipt, by=keeper, reason="错了")
    assert "cannot be voided" in str(exc.value)
    receipt.refresh_from_db()
    assert receipt.voided_at is None and qty(stock.main, stock.paper) == 1
    with pytest.raises(ValidationError):
        services.movement_void(movement=receipt, by=keeper, reason="  ")


def test_void_of_a_transfer_voids_both_halves_and_checks_the_target(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=5, by=keeper)
    out, into = services.stock_transfer(
        source=stock.main, target=stock.depot, item=stock.paper, quantity=2, by=keeper
    )
    issue = services.stock_issue(store=stock.depot, item=stock.paper, quantity=1, by=keeper)
    with pytest.raises(ValidationError):  # the depot's issue used the goods transferred
        services.movement_void(movement=out, by=keeper, reason="撤销调拨")
    services.movement_void(movement=issue, by=keeper, reason="未领用")
    voided = services.movement_void(movement=out, by=keeper, reason="撤销调拨")
    assert {m.pk for m in voided} == {out.pk, into.pk}
    assert qty(stock.main, stock.paper) == 5 and qty(stock.depot, stock.paper) == 0
    with pytest.raises(ValidationError):
        services.movement_void(movement=into, by=keeper, reason="again")


def test_running_balance_per_store(stock, keeper):
    t0 = timezone.now() - timedelta(days=3)
    s = stock
    services.stock_receive(store=s.main, item=s.paper, quantity=10, by=keeper, moved_at=t0)
    services.stock_issue(
        store=s.main, item=s.paper, quantity=3, by=keeper, moved_at=t0 + timedelta(hours=1)
    )
    services.stock_transfer(
        source=s.main,
        target=s.depot,
        item=s.paper,
        quantity=2,
        by=keeper,
        moved_at=t0 + timedelta(hours=2),
    )
    void_me = services.stock_issue(store=s.main, item=s.paper, quantity=1, by=keeper)
    services.movement_void(movement=void_me, by=keeper, reason="重复")
    rows = [(m.store_id, m.quantity, m.balance) for m in queries.item_ledger(s.paper)]
    assert rows == [
        (s.main.pk, 10, 10),
        (s.main.pk, -3, 7),
        (s.main.pk, -2, 5),
        (s.depot.pk, 2, 2),
    ]
    assert [m.balance for m in queries.item_ledger(s.paper, store=s.depot)] == [2]


def test_on_hand_at_a_past_moment(stock, keeper):
    t0 = timezone.now() - timedelta(days=2)
    services.stock_receive(store=stock.main, item=stock.paper, quantity=10, by=keeper, moved_at=t0)
    services.stock_issue(store=stock.main, item=stock.paper, quantity=4, by=keeper)
    then = queries.on_hand(site_ids=None, store=stock.main, at=t0 + timedelta(hours=1))
    assert [r.quantity for r in then] == [10]


def test_low_stock_is_at_or_below_the_reorder_level(stock, keeper):
    assert list(queries.low_stock(site_ids=[stock.main.site_id])) == [stock.paper]
    services.stock_receive(store=stock.main, item=stock.paper, quantity=6, by=keeper)
    assert not queries.low_stock(site_ids=[stock.main.site_id]).exists()
    services.stock_issue(store=stock.main, item=stock.paper, quantity=1, by=keeper)
    low = list(queries.low_stock(site_ids=[stock.main.site_id], ledger="office"))
    assert low == [stock.paper] and low[0].on_hand == 5
    assert not queries.low_stock(site_ids=[stock.main.site_id], ledger="relief").exists()


def test_a_movement_links_the_record_that_caused_it(stock, keeper):
    services.stock_receive(store=stock.depot, item=stock.water, quantity=100, by=keeper)
    issue = services.stock_issue(
        store=stock.depot,
        item=stock.water,
        quantity=40,
        by=keeper,
        party="一线抢险队",
        reference=stock.depot,
        reference_text="DIS-1",
    )
    issue.refresh_from_db()
    assert issue.reference == stock.depot and issue.reference_text == "DIS-1"


def test_void_refused_when_a_later_running_balance_would_fall_below_zero(stock, keeper):
    """Receive 5, issue 5, receive 10: the store holds 10 at the end, but without the first
    receipt the issue would have taken goods that were not there."""
    first = services.stock_receive(store=stock.main, item=stock.paper, quantity=5, by=keeper)
    services.stock_issue(store=stock.main, item=stock.paper, quantity=5, by=keeper)
    services.stock_receive(store=stock.main, item=stock.paper, quantity=10, by=keeper)
    with pytest.raises(ValidationError):
        services.movement_void(movement=first, by=keeper, reason="错了")
    assert qty(stock.main, stock.paper) == 10
    assert min(m.balance for m in queries.item_ledger(stock.paper)) == 0


def test_a_backdated_issue_is_checked_at_its_own_time_and_after(stock, keeper):
    now = timezone.now()
    s = stock
    services.stock_receive(
        store=s.main, item=s.paper, quantity=5, by=keeper, moved_at=now - timedelta(days=3)
    )
    services.stock_issue(
        store=s.main, item=s.paper, quantity=5, by=keeper, moved_at=now - timedelta(days=1)
    )
    services.stock_receive(store=s.main, item=s.paper, quantity=10, by=keeper)
    with pytest.raises(ValidationError) as exc:  # 5 held two days ago, but issued the day after
        services.stock_issue(
            store=s.main, item=s.paper, quantity=1, by=keeper, moved_at=now - timedelta(days=2)
        )
    assert "moved_at" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # nothing held four days ago
        services.stock_issue(
            store=s.main, item=s.paper, quantity=1, by=keeper, moved_at=now - timedelta(days=4)
        )
    assert "quantity" in exc.value.message_dict
    services.stock_issue(store=s.main, item=s.paper, quantity=10, by=keeper)
    assert qty(s.main, s.paper) == 0
    assert min(m.balance for m in queries.item_ledger(s.paper)) == 0


def test_a_backdated_stocktake_counts_against_the_ledger_at_its_time(stock, keeper):
    now = timezone.now()
    s = stock
    services.stock_receive(
        store=s.main, item=s.paper, quantity=5, by=keeper, moved_at=now - timedelta(days=3)
    )
    services.stock_receive(store=s.main, item=s.paper, quantity=2, by=keeper)
    take = services.stocktake_record(
        store=s.main, counts={s.paper.pk: 4}, by=keeper, at=now - timedelta(days=1)
    )
    line = take.lines.get()
    assert (line.expected, line.difference) == (5, -1)
    assert qty(s.main, s.paper) == 6
