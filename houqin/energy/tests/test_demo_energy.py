"""The energy and supplies demo reproduces the seed's savings from rows: (2005 − 2006) cost of
electricity, water and office supplies comes to exactly 63,000 yuan, each part a saving; and
the readings carry what the demo tells of (a replacement, a rollover, flagged jumps)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from houqin.core.demo import base_compound
from houqin.energy import demo as energy_demo
from houqin.energy.choices import ReadingKind
from houqin.energy.models import EnergyBudget, EnergyYear, Meter, Reading, Requisition
from houqin.energy.queries.consumption import savings
from houqin.reports.queries import annual_report
from houqin.reports.registry import compute, year_bounds
from houqin.reports.render import report_html
from houqin.stock.models import Movement, StockSlot
from houqin.stock.queries import low_stock

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def compound(django_db_setup, django_db_blocker):
    """The base compound with the energy demo, loaded once for the module's tests."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            ctx = base_compound(energy_demo.load)
            yield ctx
            transaction.set_rollback(True)


def test_the_savings_come_to_63000_from_rows(compound):
    parts = savings(site_ids=[compound.site.pk], year=2006)
    assert parts["total"]["saving"] == Decimal(63_000)
    pieces = [parts[p]["saving"] for p in ("electricity", "water", "supplies")]
    assert all(piece > 0 for piece in pieces)
    assert sum(pieces) == Decimal(63_000)
    assert 30_000 <= parts["electricity"]["saving"] <= 46_000
    assert 5_000 <= parts["water"]["saving"] <= 13_000
    assert 10_000 <= parts["supplies"]["saving"] <= 22_000


def test_the_report(compound):
    site = compound.site
    start, end = year_bounds(2006)
    values = compute(site_ids=[site.pk], start=start, end=end)
    assert values["energy.cost_savings_yuan"] == 63_000
    parts = [values[f"energy.savings.{p}_yuan"] for p in ("electricity", "water", "supplies")]
    assert all(part > 0 for part in parts) and sum(parts) == 63_000
    with translation.override("zh-hans"):
        html = report_html(annual_report(year=2006, site_ids=[site.pk], site=site))
    assert "6.3万元" in html


def test_the_readings_tell_the_story(compound):
    site = compound.site
    readings = Reading.objects.filter(site=site)
    annex = Meter.objects.get(site=site, code="E-B-00")
    assert annex.serial == "DTSD341-0605118"
    final = readings.get(meter=annex, kind=ReadingKind.FINAL)
    assert final.read_at.year == 2006 and final.consumption > 0
    assert readings.filter(meter=annex, kind=ReadingKind.INITIAL, read_at__year=2006).count() == 1
    water = Meter.objects.get(site=site, code="W-A-00")
    assert water.rollover_at == 100_000
    assert readings.filter(meter=water, rolled_over=True, used_on__year=2006).count() == 1
    assert not readings.filter(used_on__year__in=(2005, 2006)).exclude(flag="").exists()
    this_year = timezone.localdate().year
    assert readings.filter(flag_status="pending", used_on__year=this_year).count() == 1
    assert readings.filter(flag_status="accepted", used_on__year=this_year).count() == 1
    days = readings.filter(meter=water, used_on__year=2005).count()
    assert days == 365
    assert readings.filter(consumption__lt=0).count() == 0


def test_statistics_base_and_supplies(compound):
    site = compound.site
    for year in (2005, 2006):
        assert EnergyYear.objects.filter(site=site, year=year, people__gt=500).exists()
        assert EnergyBudget.objects.filter(site=site, year=year).count() == 4
    on_hand = (
        StockSlot.objects.filter(site=site, store__code="BGYP")
        .annotate(q=Sum("movements__quantity"))
        .values_list("q", flat=True)
    )
    assert min(on_hand) >= 0
    assert low_stock(site_ids=[site.pk], ledger="office").count() >= 2
    issued = Requisition.objects.filter(site=site, status="issued", issued_at__year=2006)
    assert issued.count() >= 30
    moves = Movement.objects.filter(site=site, reference_id__in=issued.values("pk"))
    assert moves.count() >= issued.count() * 2
    statuses = set(
        Requisition.objects.filter(site=site, created_at__year=timezone.localdate().year)
        .values_list("status", flat=True)
        .distinct()
    )
    assert {"pending", "rejected", "approved", "issued"} <= statuses
