"""Simultaneous issues of the last items: exactly as many succeed as there were items, and the
store ends at zero, never below — on SQLite the IMMEDIATE write transaction serialises the
issues, on PostgreSQL the lock on the (store, item) slot does."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from houqin.stock import services
from houqin.stock.models import Movement
from houqin.stock.queries import item_ledger, on_hand

N = 4
LAST = 3


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_of_the_last_items_leave_stock_at_zero(stock, keeper):
    services.stock_receive(store=stock.main, item=stock.paper, quantity=LAST, by=keeper)
    outcomes: list[str] = []
    barrier = threading.Barrier(N)

    def issue(i: int):
        try:
            barrier.wait()
            services.stock_issue(
                store=stock.main, item=stock.paper, quantity=1, by=keeper, party=f"科室{i}"
            )
            outcomes.append("issued")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == N
    assert outcomes.count("issued") == LAST
    rows = list(on_hand(site_ids=None, store=stock.main, item=stock.paper))
    assert rows[0].quantity == Decimal(0)
    assert Movement.objects.filter(kind="issue").count() == LAST
    assert min(m.balance for m in item_ledger(stock.paper)) == 0
