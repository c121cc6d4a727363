# ruff: noqa: F811  (fixtures imported from the helpers are arguments here)
"""Two collectors posting readings of one meter at the same moment: the meter row lock makes
each compute from the right baseline, so the use adds up to last − first exactly once."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from houqin.energy.models import Reading
from houqin.energy.services.readings import reading_record
from houqin.energy.tests.helpers_energy import at, fm, meter  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_simultaneous_readings_of_one_meter(personas, fm):
    m = meter(personas.site)
    reading_record(meter=m, read_at=at("2006-03-01", 8), value="100", by=fm)
    errors: list = []
    barrier = threading.Barrier(2)

    def post(when, value):
        try:
            barrier.wait()
            reading_record(meter=m, read_at=when, value=value, by=fm, source="api")
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(at("2006-03-03", 8), "130")),
        threading.Thread(target=post, args=(at("2006-03-02", 8), "112")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    rows = dict(Reading.objects.values_list("value", "consumption"))
    assert rows[Decimal("112.000")] == Decimal("12.000")
    assert rows[Decimal("130.000")] == Decimal("18.000")
    assert Reading.objects.aggregate(s=Sum("consumption"))["s"] == Decimal("30.000")
