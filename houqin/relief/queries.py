"""Reads of the relief module, every figure grouped in the database: a campaign's totals (cash
by donor type; goods received by category and unit, donated and bought; goods dispatched; goods
on hand in its store), the public donation list, and the figures of the annual report."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from houqin.relief.choices import DonorKind, ReliefCategory
from houqin.relief.models import (
    MONEY,
    QUANTITY,
    Campaign,
    Dispatch,
    DispatchLine,
    Donation,
    DonationLine,
    PurchaseLine,
)
from houqin.stock.choices import MovementKind
from houqin.stock.models import Movement
from houqin.stock.queries import exact, on_hand

ZERO = Decimal(0)
# The report's supply figures: metric key → relief category of the goods dispatched.
SUPPLY_KEYS = {
    "relief.supplies.water_bottles": ReliefCategory.WATER,
    "relief.supplies.dry_food_kg": ReliefCategory.DRY_FOOD,
    "relief.supplies.tarpaulin_m2": ReliefCategory.TARPAULIN,
    "relief.supplies.woven_bags": ReliefCategory.WOVEN_BAGS,
}
CASH_KEYS = {
    "relief.donations.organisation_yuan": DonorKind.ORGANISATION,
    "relief.donations.staff_yuan": DonorKind.STAFF,
}


def _sum(field: str, *, money: bool = False, **filters):
    """An exact database sum of ``field`` (0 when nothing matches)."""
    output = DecimalField(**(MONEY if money else QUANTITY))
    total = Sum(field, filter=Q(**filters) if filters else None, output_field=output)
    return exact(Coalesce(total, Decimal(0), output_field=output), 2 if money else 3)


def category_label(code: str) -> str:
    return str(ReliefCategory(code).label) if code in ReliefCategory.values else code or "—"


# A campaign's totals -------------------------------------------------------------------------


def cash_by_kind(campaign: Campaign) -> list[dict]:
    """Cash received per donor type: ``kind``, ``label``, ``donations``, ``yuan``."""
    rows = (
        Donation.objects.filter(campaign=campaign, voided_at__isnull=True)
        .values("donor_kind")
        .annotate(
            donations=Count("id", filter=Q(amount_yuan__isnull=False)),
            yuan=_sum("amount_yuan", money=True),
        )
        .order_by("donor_kind")
    )
    labels = dict(DonorKind.choices)
    return [
        {**r, "kind": r["donor_kind"], "label": str(labels.get(r["donor_kind"], ""))}
        for r in rows
        if r["yuan"]
    ]


def _by_category(rows) -> list[dict]:
    return [
        {**r, "category": r["item__category"], "label": category_label(r["item__category"])}
        for r in rows
    ]


def goods_received(campaign: Campaign) -> list[dict]:
    """Goods received per category and unit: ``donated`` and ``purchased`` quantities (two
    grouped queries, merged)."""
    donated = (
        DonationLine.objects.filter(donation__campaign=campaign, donation__voided_at__isnull=True)
        .values("item__category", "item__unit")
        .annotate(total=_sum("quantity"))
    )
    bought = (
        PurchaseLine.objects.filter(purchase__campaign=campaign, purchase__voided_at__isnull=True)
        .values("item__category", "item__unit")
        .annotate(yuan=_sum_cost(), total=_sum("quantity"))
    )
    merged: dict[tuple, dict] = {}
    for source, rows in (("donated", donated), ("purchased", bought)):
        for r in rows:
            key = (r["item__category"], r["item__unit"])
            row = merged.setdefault(key, _empty_row(*key))
            row[source] = r["total"]
            row["purchased_yuan"] += r.get("yuan", ZERO)
    for row in merged.values():
        row["total"] = row["donated"] + row["purchased"]
    return _by_category(sorted(merged.values(), key=lambda r: (r["item__category"], r["unit"])))


def _empty_row(category: str, unit: str) -> dict:
    return {"item__category": category, "unit": unit, "donated": ZERO, "purchased": ZERO,
            "purchased_yuan": ZERO}  # fmt: skip


def _sum_cost():
    from django.db.models import ExpressionWrapper, F

    value = ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=DecimalField(**MONEY))
    return exact(Coalesce(Sum(value), Decimal(0), output_field=DecimalField(**MONEY)), 2)


def goods_dispatched(campaign: Campaign) -> list[dict]:
    """Goods dispatched per category and unit (non-void dispatches), with how many were
    signed for."""
    rows = (
        DispatchLine.objects.filter(dispatch__campaign=campaign, dispatch__voided_at__isnull=True)
        .values("item__category", "item__unit")
        .annotate(sent=_sum("quantity"), signed=_sum("quantity", dispatch__status="signed"))
        .order_by("item__category", "item__unit")
    )
    return _by_category([{**r, "unit": r["item__unit"], "quantity": r["sent"]} for r in rows])


def campaign_on_hand(campaign: Campaign) -> QuerySet:
    """Relief goods on hand in the campaign's store (the stock ledger's figure)."""
    return on_hand(site_ids=[campaign.site_id], store=campaign.store, ledger="relief")


def campaign_totals(campaign: Campaign) -> dict:
    """Everything the campaign page shows in its cards and tables."""
    cash = cash_by_kind(campaign)
    return {
        "cash": cash,
        "cash_total": sum((r["yuan"] for r in cash), ZERO),
        "received": goods_received(campaign),
        "dispatched": goods_dispatched(campaign),
        "on_hand": list(campaign_on_hand(campaign)),
        "dispatches": Dispatch.objects.filter(campaign=campaign, voided_at__isnull=True).count(),
    }


# The public donation list --------------------------------------------------------------------


def public_campaigns(site) -> QuerySet:
    """The campaigns of ``site`` whose donation list is public."""
    return Campaign.objects.filter(site=site, list_is_public=True, voided_at__isnull=True)


def public_donations(campaign: Campaign) -> list[dict]:
    """The public donation list: donor's name (or “anonymous”), donor type, cash and goods, and
    nothing else (no phone, person, note or receiver). Two queries."""
    rows = list(
        Donation.objects.filter(campaign=campaign, voided_at__isnull=True)
        .order_by("received_at", "pk")
        .values("pk", "donor_name", "donor_kind", "is_anonymous", "amount_yuan", "received_at")
    )
    goods: dict[int, list[str]] = {}
    lines = DonationLine.objects.filter(donation_id__in=[r["pk"] for r in rows])
    for line in lines.values("donation_id", "item__name", "item__unit", "quantity"):
        text = f"{line['item__name']} {_plain(line['quantity'])} {line['item__unit']}"
        goods.setdefault(line["donation_id"], []).append(text)
    kinds = dict(DonorKind.choices)
    return [_public_row(r, kinds, goods.get(r["pk"], [])) for r in rows]


def _public_row(row: dict, kinds: dict, goods: list[str]) -> dict:
    return {
        "name": _("Anonymous donor") if row["is_anonymous"] else row["donor_name"],
        "kind": str(kinds.get(row["donor_kind"], "")),
        "yuan": row["amount_yuan"],
        "goods": "、".join(goods),
        "date": row["received_at"],
    }


def public_goods(campaign: Campaign) -> list[dict]:
    """Goods donated per category and unit, for the public totals."""
    return [r for r in goods_received(campaign) if r["donated"]]


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


# The annual report ---------------------------------------------------------------------------


def report_figures(*, site_ids, start: datetime, end: datetime) -> dict:
    """The relief.* figures for [start, end): cash donated (one grouped query over donations)
    and goods donated and dispatched (one over the ledger movements they caused)."""
    donations = Donation.objects.filter(
        voided_at__isnull=True, received_at__gte=start, received_at__lt=end
    )
    moves = Movement.objects.filter(voided_at__isnull=True, moved_at__gte=start, moved_at__lt=end)
    if site_ids is not None:
        donations = donations.filter(site_id__in=site_ids)
        moves = moves.filter(site_id__in=site_ids)
    cash = donations.aggregate(
        total=_sum("amount_yuan", money=True),
        **{
            key: _sum("amount_yuan", money=True, donor_kind=kind) for key, kind in CASH_KEYS.items()
        },
    )
    return {**cash, **_goods_figures(moves)}


def _goods_figures(moves: QuerySet) -> dict:
    """Donated clothing (receipts of donations) and supplies dispatched per category (issues of
    dispatches, signed negative in the ledger), in one aggregate."""
    donation_ct = ContentType.objects.get_for_model(Donation)
    dispatch_ct = ContentType.objects.get_for_model(Dispatch)
    issued = {"kind": MovementKind.ISSUE, "reference_type": dispatch_ct}
    sums = {
        key: _sum("quantity", **issued, item__category=category)
        for key, category in SUPPLY_KEYS.items()
    }
    sums["relief.donations.clothing_items"] = _sum(
        "quantity",
        kind=MovementKind.RECEIPT,
        reference_type=donation_ct,
        item__category=ReliefCategory.CLOTHING,
    )
    figures = moves.aggregate(**sums)
    return {key: abs(value) for key, value in figures.items()}


def home_cards(request) -> list:
    """A storekeeper's card: dispatches still on the way (not yet signed for)."""
    from django.urls import reverse

    from houqin.core.dashboard import Card
    from houqin.core.permissions import sites_with_perm

    sites = sites_with_perm(request.user, "relief.change_dispatch")
    if sites is not None and not sites:
        return []
    site = getattr(request, "site", None)
    if site is not None:
        sites = [site.pk] if sites is None or site.pk in sites else []
    rows = Dispatch.objects.filter(voided_at__isnull=True, status="dispatched")
    count = (rows if sites is None else rows.filter(site_id__in=sites)).count()
    if not count:
        return []
    url = reverse("relief:dispatch_list") + "?status=dispatched&void=false"
    return [Card(_("Relief dispatches not yet signed for"), count, url, "truck", "warning")]
