"""Reads of the stock ledger, every figure aggregated in the database: stock on hand per store
and item (with its value), an item's ledger with its running balance, low stock, and what was
issued to whom."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Round
from django.urls import reverse
from django.utils.translation import gettext as _

from houqin.core.dashboard import Card
from houqin.core.permissions import sites_with_perm
from houqin.stock.choices import MovementKind
from houqin.stock.models import MONEY, QUANTITY, Item, Movement, StockSlot

ZERO = Value(Decimal(0), output_field=DecimalField(**QUANTITY))


def _live(prefix: str = "", at: datetime | None = None) -> Q:
    """Movements that count: not void, and (with ``at``) made by then."""
    q = Q(**{f"{prefix}voided_at__isnull": True})
    if at is not None:
        q &= Q(**{f"{prefix}moved_at__lte": at})
    return q


def exact(expression, places: int = 3):
    """``expression`` rounded to ``places`` decimals in the database. SQLite adds decimals as
    floats (0.236 + 0.283 − 0.419 gives 0.0999…), which would show, and compare, wrongly;
    PostgreSQL's numeric is exact and unchanged by the rounding."""
    return Round(
        expression, places, output_field=DecimalField(max_digits=15, decimal_places=places)
    )


def _value(quantity, cost):
    return exact(ExpressionWrapper(quantity * cost, output_field=DecimalField(**MONEY)), 2)


def running_balance(*partition: str) -> Round:
    """The quantity after each movement, per ``partition`` (a window over moved_at, id)."""
    return exact(
        Window(
            Sum("quantity"),
            partition_by=[F(name) for name in partition] or None,
            order_by=[F("moved_at").asc(), F("id").asc()],
            output_field=DecimalField(**QUANTITY),
        )
    )


def with_on_hand(slots: QuerySet, *, at: datetime | None = None) -> QuerySet:
    """Slots (store × item) annotated with ``quantity`` on hand and its ``value`` at the item's
    unit cost, in one grouped query."""
    total = exact(
        Coalesce(
            Sum("movements__quantity", filter=_live("movements__", at)),
            ZERO,
            output_field=DecimalField(**QUANTITY),
        )
    )
    return slots.annotate(quantity=total).annotate(
        value=_value(F("quantity"), F("item__unit_cost"))
    )


def on_hand(
    *,
    site_ids,
    store=None,
    item=None,
    at: datetime | None = None,
    ledger: str | None = None,
) -> QuerySet:
    """Stock on hand per store and item (``quantity``, ``value``) at ``at`` (now when None);
    ``site_ids`` None means every site."""
    slots = StockSlot.objects.select_related("store", "item", "site")
    if site_ids is not None:
        slots = slots.filter(site_id__in=site_ids)
    if store is not None:
        slots = slots.filter(store=store)
    if item is not None:
        slots = slots.filter(item=item)
    if ledger:
        slots = slots.filter(item__ledger=ledger)
    return with_on_hand(slots, at=at).order_by("store__code", "item__code")


def low_only(slots: QuerySet) -> QuerySet:
    """Of annotated slots, those at or below their item's reorder level."""
    return slots.filter(item__reorder_level__isnull=False, quantity__lte=F("item__reorder_level"))


def item_ledger(item: Item, store=None) -> QuerySet:
    """The item's movements that count, oldest first, each with ``balance``: the quantity in
    its store after it (a window function over the store's movements)."""
    moves = Movement.objects.filter(item=item, voided_at__isnull=True)
    if store is not None:
        moves = moves.filter(store=store)
    running = running_balance("store_id")
    return moves.select_related("store").annotate(balance=running).order_by("moved_at", "id")


def low_stock(*, site_ids, ledger: str | None = None) -> QuerySet:
    """Active items whose quantity on hand in all stores of their site is at or below their
    reorder level (``on_hand`` annotated)."""
    items = Item.objects.filter(is_active=True, reorder_level__isnull=False)
    if site_ids is not None:
        items = items.filter(site_id__in=site_ids)
    if ledger:
        items = items.filter(ledger=ledger)
    total = exact(
        Coalesce(
            Sum("movements__quantity", filter=_live("movements__")),
            ZERO,
            output_field=DecimalField(**QUANTITY),
        )
    )
    return (
        items.annotate(on_hand=total)
        .filter(on_hand__lte=F("reorder_level"))
        .order_by("site", "code")
    )


def issued_by_party(
    *, site_ids, start: datetime, end: datetime, ledger: str | None = None
) -> list[dict]:
    """Per party (receiving department or destination) in [start, end): the number of issues
    and the value issued at the cost kept on each movement, net of what was returned."""
    moves = Movement.objects.filter(
        voided_at__isnull=True,
        kind__in=[MovementKind.ISSUE, MovementKind.RETURN],
        moved_at__gte=start,
        moved_at__lt=end,
    )
    if site_ids is not None:
        moves = moves.filter(site_id__in=site_ids)
    if ledger:
        moves = moves.filter(item__ledger=ledger)
    cost = Coalesce("unit_cost", Value(Decimal(0)), output_field=DecimalField(**MONEY))
    value = exact(Sum(_value(F("quantity"), cost), output_field=DecimalField(**MONEY)), 2)
    rows = (
        moves.values("party")
        .annotate(issues=Count("id", filter=Q(kind=MovementKind.ISSUE)), value=value)
        .order_by("party")
    )
    return [
        {"party": r["party"], "issues": r["issues"], "value": -(r["value"] or Decimal(0))}
        for r in rows
    ]


def home_cards(request) -> list[Card]:
    """A storekeeper's card: the items at or below their reorder level."""
    sites = sites_with_perm(request.user, "stock.add_movement")
    if sites is not None and not sites:
        return []
    site = getattr(request, "site", None)
    if site is not None:
        sites = [site.pk] if sites is None or site.pk in sites else []
    count = low_stock(site_ids=sites).count()
    if not count:
        return []
    url = reverse("stock:on_hand") + "?low=true"
    return [Card(_("Items low in stock"), count, url, "box-seam", "warning")]
