"""The relief demo reproduces the seed's July 2006 flood figures from rows (donations, goods
bought and sent to the front), through the stock ledger of the relief store, whose stock on
hand never goes below zero; and the same figures through the annual report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from houqin.core.demo import base_compound
from houqin.procurement import demo as procurement_demo
from houqin.relief import demo as relief_demo
from houqin.relief.choices import DispatchStatus, DonorKind, ReliefCategory
from houqin.relief.models import (
    Campaign,
    Dispatch,
    DispatchLine,
    Donation,
    DonationLine,
    EmergencyPurchase,
)
from houqin.reports.registry import compute, year_bounds
from houqin.stock.models import Movement, Store

pytestmark = pytest.mark.django_db

EXACT_2006 = {
    "relief.donations.staff_yuan": 15_800,
    "relief.donations.clothing_items": 538,
    "relief.supplies.water_bottles": 20_400,
    "relief.supplies.dry_food_kg": 5_000,
    "relief.supplies.tarpaulin_m2": 3_200,
    "relief.supplies.woven_bags": 6_000,
}


@pytest.fixture
def compound():
    """The base compound, the procurement demo (its emergency projects) and the relief demo."""
    return base_compound(procurement_demo.load, relief_demo.load)


def cash(site, year: int, kind: str | None = None) -> Decimal:
    rows = Donation.objects.filter(site=site, voided_at__isnull=True, received_at__year=year)
    if kind:
        rows = rows.filter(donor_kind=kind)
    return rows.aggregate(total=Sum("amount_yuan"))["total"] or Decimal(0)


def sent(site, year: int, category: str) -> Decimal:
    rows = DispatchLine.objects.filter(
        site=site,
        dispatch__voided_at__isnull=True,
        dispatch__dispatched_at__year=year,
        item__category=category,
    )
    return rows.aggregate(total=Sum("quantity"))["total"] or Decimal(0)


def test_the_flood_is_reproduced_from_rows(compound):
    site = compound.site
    assert 40_000 <= cash(site, 2006, DonorKind.ORGANISATION) <= 49_999
    assert cash(site, 2006, DonorKind.STAFF) == 15_800
    staff = Donation.objects.filter(site=site, received_at__year=2006, donor_kind="staff")
    assert staff.count() >= 40 and staff.values("person").distinct().count() == staff.count()
    for amount in staff.values_list("amount_yuan", flat=True):
        assert 50 <= amount <= 500
    clothing = DonationLine.objects.filter(
        site=site, donation__received_at__year=2006, item__category=ReliefCategory.CLOTHING
    ).aggregate(total=Sum("quantity"))["total"]
    assert clothing == 538
    assert sent(site, 2006, ReliefCategory.WATER) == 20_400
    assert sent(site, 2006, ReliefCategory.DRY_FOOD) == 5_000
    assert sent(site, 2006, ReliefCategory.TARPAULIN) == 3_200
    assert sent(site, 2006, ReliefCategory.WOVEN_BAGS) == 6_000
    assert sent(site, 2006, ReliefCategory.CLOTHING) == 538
    assert_campaign(site)
    assert_stock(site)
    assert_numbered_in_their_year(site)
    assert_report(site)


def assert_campaign(site) -> None:
    flood = Campaign.objects.get(site=site, title__contains="7·15")
    assert flood.list_is_public and flood.store.name == "救灾物资库"
    purchases = EmergencyPurchase.objects.filter(campaign=flood).select_related("project")
    assert purchases.count() == 4
    assert {p.project.method for p in purchases} == {"emergency"}
    dispatches = flood.dispatches.all()
    assert dispatches.filter(status=DispatchStatus.DISPATCHED).count() == 1
    signed = dispatches.filter(status=DispatchStatus.SIGNED)
    assert signed.count() == dispatches.count() - 1
    assert not signed.filter(signed_by_name="").exists()
    assert not signed.filter(signed_at__isnull=True).exists()
    assert Campaign.objects.filter(site=site, starts_on__year=2005).count() == 1


def assert_numbered_in_their_year(site) -> None:
    """Records of 2005 and 2006 carry numbers of their year (JZ-2006-…, not this year's) and
    were created then: campaigns in their first year, the rest at the moment they tell of."""
    for campaign in Campaign.objects.filter(site=site):
        year = str(campaign.starts_on.year)
        assert campaign.number.split("-")[1] == year, campaign.number
        assert timezone.localtime(campaign.created_at).date() == campaign.starts_on
    for model, moment in (
        (Donation, "received_at"),
        (EmergencyPurchase, "received_at"),
        (Dispatch, "dispatched_at"),
    ):
        rows = model.objects.filter(site=site).values_list("number", "created_at", moment)
        assert rows.exists()
        for number, created, at in rows:
            assert created == at, number
            assert number.split("-")[1] == str(timezone.localtime(at).year), number


def assert_stock(site) -> None:
    """Every good moved through the ledger; the running balance of each slot stays ≥ 0."""
    store = Store.objects.get(site=site, name="救灾物资库")
    moves = Movement.objects.filter(store=store, voided_at__isnull=True)
    assert moves.filter(reference_type__isnull=True).count() == 0
    balance: dict[int, Decimal] = {}
    for item, quantity in moves.order_by("moved_at", "id").values_list("item", "quantity"):
        balance[item] = balance.get(item, Decimal(0)) + quantity
        assert balance[item] >= 0
    assert all(value == 0 for value in balance.values())  # everything went to the front


def assert_report(site) -> None:
    values = compute(site_ids=[site.pk], start=year_bounds(2006)[0], end=year_bounds(2006)[1])
    assert {key: values[key] for key in EXACT_2006} == EXACT_2006
    assert 40_000 <= values["relief.donations.organisation_yuan"] <= 49_999
    last = compute(site_ids=[site.pk], start=year_bounds(2005)[0], end=year_bounds(2005)[1])
    assert last["relief.donations.staff_yuan"] == 5_200
    assert last["relief.supplies.water_bottles"] == 0
