"""Property: whatever sequence of receipts, issues, returns, transfers and voids (of any earlier
movement) is asked for, each store's quantity on hand equals the sum a simple model keeps, and
the running balance never goes below zero at any point of the ledger; every refused step changes
nothing."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from houqin.stock import services
from houqin.stock.models import Item
from houqin.stock.queries import item_ledger, on_hand

_codes = itertools.count()

STEP = st.tuples(
    st.sampled_from(["receive", "issue", "return", "transfer", "void"]),
    st.sampled_from([0, 1]),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(50), places=3),
    st.integers(min_value=0, max_value=20),
)


def _apply(step, stores, item, keeper, done):
    kind, i, quantity, pick = step
    store, other = stores[i], stores[1 - i]
    common = {"item": item, "quantity": quantity, "by": keeper}
    if kind == "receive":
        return [services.stock_receive(store=store, **common)]
    if kind == "issue":
        return [services.stock_issue(store=store, **common)]
    if kind == "return":
        return [services.stock_return(store=store, **common)]
    if kind == "transfer":
        return list(services.stock_transfer(source=store, target=other, **common))
    if done:
        return services.movement_void(movement=done[pick % len(done)], by=keeper, reason="test")
    return []


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, max_size=12))
def test_on_hand_is_the_sum_of_movements_and_never_negative(stock, keeper, steps):
    item = Item.objects.create(
        site=stock.main.site, code=f"H{next(_codes)}", name="测试品", unit="件", ledger="office"
    )
    stores = [stock.main, stock.depot]
    model = {s.pk: Decimal(0) for s in stores}
    done = []
    for step in steps:
        try:
            moves = _apply(step, stores, item, keeper, done)
        except ValidationError:
            continue
        voiding = step[0] == "void"
        for m in moves:
            model[m.store_id] += -m.quantity if voiding else m.quantity
        done = [d for d in done if d not in moves] if voiding else done + moves[:1]
    rows = {r.store_id: r.quantity for r in on_hand(site_ids=None, item=item)}
    assert {pk: rows.get(pk, Decimal(0)) for pk in model} == model
    assert all(q >= 0 for q in model.values())
    assert all(m.balance >= 0 for m in item_ledger(item))
