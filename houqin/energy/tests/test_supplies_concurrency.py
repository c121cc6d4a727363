"""Two approved requisitions for the last items issued at the same moment from two threads:
exactly one succeeds and the store ends at zero, never below. On SQLite the IMMEDIATE write
transaction serialises the issues; on PostgreSQL (run with ``DATABASE_URL``) the lock on the
(store, item) slot does, with real threads meeting at a barrier."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from houqin.energy.choices import RequisitionStatus
from houqin.energy.models import Requisition
from houqin.energy.services import supplies as services
from houqin.energy.tests.helpers_supplies import *  # noqa: F403  (fixtures)
from houqin.energy.tests.helpers_supplies import approved
from houqin.stock.models import Movement
from houqin.stock.queries import item_ledger, on_hand


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_of_the_last_items(personas, supplies):
    # 10 reams on hand: each requisition asks for 6, so only one can be issued
    first = approved(personas, supplies, [(supplies.paper, 6)])
    second = approved(personas, supplies, [(supplies.paper, 6)])
    outcomes: dict[int, str] = {}
    barrier = threading.Barrier(2)

    def issue(req):
        try:
            barrier.wait()
            services.requisition_issue(requisition=req, by=supplies.keeper)
            outcomes[req.pk] = "issued"
        except ValidationError as exc:
            outcomes[req.pk] = " ".join(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(r,)) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2
    assert list(outcomes.values()).count("issued") == 1
    statuses = sorted(Requisition.objects.values_list("status", flat=True))
    assert statuses == [RequisitionStatus.APPROVED, RequisitionStatus.ISSUED]
    rows = list(on_hand(site_ids=None, store=supplies.store, item=supplies.paper))
    assert rows[0].quantity == Decimal(4)
    assert Movement.objects.filter(kind="issue", item=supplies.paper).count() == 1
    assert min(m.balance for m in item_ledger(supplies.paper)) >= 0


@pytest.mark.django_db(transaction=True)
def test_last_items_end_at_zero(personas, supplies):
    # 10 reams: two requisitions of exactly 10 each; one empties the store, the other fails
    reqs = [approved(personas, supplies, [(supplies.paper, 10)]) for _ in range(2)]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def issue(req):
        try:
            barrier.wait()
            services.requisition_issue(requisition=req, by=supplies.keeper)
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(r,)) for r in reqs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["issued", "refused"]
    rows = list(on_hand(site_ids=None, store=supplies.store, item=supplies.paper))
    assert rows[0].quantity == Decimal(0)
    assert min(m.balance for m in item_ledger(supplies.paper)) == 0
