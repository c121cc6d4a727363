"""Writes of the stock ledger: receive, issue, transfer, return, stock-take and void.

Every write that takes goods out locks the ``StockSlot`` row of each (store, item) it touches
and only then sums the movements, so concurrent issues of the last items queue on the lock and
the later ones see the earlier ones' movements: stock never goes below zero. (On SQLite the
project's IMMEDIATE transactions serialise writers anyway; on PostgreSQL the row lock does.)
The same holds at every moment of the ledger, not only at its end: a movement entered with an
earlier time, or a void, is refused when the running balance at that moment or any later one
would fall below zero (a window function over the slot's movements finds the last low point).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.inputs import past_moment
from houqin.core.services import event_record, next_numbers
from houqin.stock.choices import MovementKind
from houqin.stock.models import Item, Movement, StockSlot, StockTake, StockTakeLine, Store
from houqin.stock.queries import running_balance

STEP = Decimal("0.001")
MAX_QUANTITY = Decimal("999999999")  # a billion units of anything is a typing error
MAX_COST = Decimal("99999999")


# Checks --------------------------------------------------------------------------------------


def number_clean(value, *, field: str, maximum: Decimal, allow_zero: bool = False) -> Decimal:
    """A finite Decimal within (0, maximum] (or [0, …] with ``allow_zero``), at most three
    decimal places; anything else is refused with a message at ``field``."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if number < 0 or (number == 0 and not allow_zero):
        raise ValidationError({field: _("Enter a number greater than zero.")})
    if number > maximum:
        raise ValidationError({field: _("This number is too large.")})
    if number != number.quantize(STEP):
        raise ValidationError({field: _("Use at most three decimal places.")})
    return number.quantize(STEP)


def _cost(value) -> Decimal | None:
    if value in (None, ""):
        return None
    cost = number_clean(value, field="unit_cost", maximum=MAX_COST, allow_zero=True)
    if cost != cost.quantize(Decimal("0.01")):
        raise ValidationError({"unit_cost": _("Use at most two decimal places.")})
    return cost


def _check_pair(store: Store, item: Item, *, field: str = "store") -> None:
    """The store and the item must be of the same site and in use."""
    if store.site_id != item.site_id:
        raise ValidationError({field: _("The store and the item belong to different sites.")})
    if not store.is_active:
        raise ValidationError({field: _("This store is no longer in use.")})
    if not item.is_active:
        raise ValidationError({"item": _("This item is no longer in use.")})


def _reference_fields(reference) -> dict:
    if reference is None:
        return {}
    return {
        "reference_type": ContentType.objects.get_for_model(reference),
        "reference_id": reference.pk,
    }


# The lock and the sum ------------------------------------------------------------------------


def slot_lock(*, store: Store, item: Item) -> StockSlot:
    """The locked slot of ``item`` in ``store``, created on its first movement."""
    slot = StockSlot.objects.select_for_update().filter(store=store, item=item).first()
    if slot is not None:
        return slot
    try:
        with transaction.atomic():
            StockSlot.objects.create(site_id=store.site_id, store=store, item=item)
    except IntegrityError:  # created meanwhile by a concurrent first movement
        pass
    return StockSlot.objects.select_for_update().get(store=store, item=item)


def slot_quantity(slot: StockSlot, at: datetime | None = None) -> Decimal:
    """The quantity on hand of a slot (at ``at``): the sum of its movements that are not
    void."""
    moves = Movement.objects.filter(slot=slot, voided_at__isnull=True)
    if at is not None:
        moves = moves.filter(moved_at__lte=at)
    total = moves.aggregate(total=Sum("quantity"))["total"]
    return (total or Decimal(0)).quantize(STEP)


def dips_below(slot: StockSlot, quantity: Decimal, *, moved_at: datetime, pk: int | None) -> bool:
    """Whether taking ``quantity`` out of the slot at the ledger position (moved_at, pk) would
    leave a later running balance below zero (``pk`` None: after everything at ``moved_at``).
    The running balance is a window function; only the last point below ``quantity`` is read."""
    last_low = (
        Movement.objects.filter(slot=slot, voided_at__isnull=True)
        .annotate(balance=running_balance())
        .filter(balance__lt=quantity)
        .order_by("-moved_at", "-id")
        .values_list("moved_at", "id")
        .first()
    )
    if last_low is None:
        return False
    low_at, low_pk = last_low
    return low_at > moved_at or (low_at == moved_at and pk is not None and low_pk >= pk)


def _check_enough(slot: StockSlot, store: Store, item: Item, wanted: Decimal, at) -> None:
    """Refuse taking ``wanted`` out at ``at`` when the store holds less then, or when a later
    movement already relies on it (a movement entered with an earlier time)."""
    on_hand = slot_quantity(slot, at)
    if on_hand >= wanted and dips_below(slot, wanted, moved_at=at, pk=None):
        raise ValidationError(
            {
                "moved_at": _(
                    "At this time %(store)s holds %(on_hand)s %(unit)s of %(item)s, but later "
                    "movements already use them."
                )
                % {"store": store, "on_hand": _plain(on_hand), "unit": item.unit, "item": item}
            }
        )
    if on_hand < wanted:
        raise ValidationError(
            {
                "quantity": _(
                    "Not enough %(item)s in %(store)s: %(on_hand)s %(unit)s on hand, "
                    "%(wanted)s %(unit)s asked for."
                )
                % {
                    "item": item,
                    "store": store,
                    "on_hand": _plain(on_hand),
                    "wanted": _plain(wanted),
                    "unit": item.unit,
                }
            }
        )


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


# Writing movements ---------------------------------------------------------------------------


def _movement(*, slot: StockSlot, kind: str, quantity: Decimal, by, number: str, **fields):
    movement = Movement.objects.create(
        site_id=slot.site_id,
        number=number,
        created_by=by if by is not None and by.is_authenticated else None,
        slot=slot,
        store_id=slot.store_id,
        item_id=slot.item_id,
        kind=kind,
        quantity=quantity,
        **fields,
    )
    detail = f"{kind} {_plain(quantity)}"
    event_record(site=slot.site, verb=f"stock_{kind}", actor=by, target=movement, detail=detail)
    return movement


def _numbers(store: Store, when: datetime, count: int = 1) -> list[str]:
    year = timezone.localtime(when).year
    return next_numbers(site=store.site, prefix=Movement.number_prefix, year=year, count=count)


def _move(*, store, item, kind, quantity, outward: bool, by, moved_at, **fields) -> Movement:
    """Check the input, lock the slot, check the stock for an outward movement, write."""
    quantity = number_clean(quantity, field="quantity", maximum=MAX_QUANTITY)
    moved_at = past_moment(moved_at, field="moved_at")
    _check_pair(store, item)
    with transaction.atomic():
        slot = slot_lock(store=store, item=item)
        if outward:
            _check_enough(slot, store, item, quantity, moved_at)
        return _movement(
            slot=slot,
            kind=kind,
            quantity=-quantity if outward else quantity,
            by=by,
            number=_numbers(store, moved_at)[0],
            moved_at=moved_at,
            **fields,
        )


def _text(value: str, length: int) -> str:
    return (value or "").strip()[:length]


def _details(*, party: str, note: str, reference, reference_text: str) -> dict:
    """The descriptive fields of a movement, trimmed to their lengths."""
    return {
        "party": _text(party, 100),
        "note": _text(note, 200),
        "reference_text": _text(reference_text, 100),
        **_reference_fields(reference),
    }


def stock_receive(
    *,
    store: Store,
    item: Item,
    quantity,
    by,
    unit_cost=None,
    moved_at: datetime | None = None,
    party: str = "",
    note: str = "",
    reference=None,
    reference_text: str = "",
) -> Movement:
    """Goods received into a store (a purchase, a donation in kind), at ``unit_cost`` or, when
    none is given, at the item's."""
    cost = _cost(unit_cost)
    return _move(
        store=store,
        item=item,
        kind=MovementKind.RECEIPT,
        quantity=quantity,
        outward=False,
        by=by,
        moved_at=moved_at,
        unit_cost=cost if cost is not None else item.unit_cost,
        **_details(party=party, note=note, reference=reference, reference_text=reference_text),
    )


def stock_issue(
    *,
    store: Store,
    item: Item,
    quantity,
    by,
    moved_at: datetime | None = None,
    party: str = "",
    note: str = "",
    reference=None,
    reference_text: str = "",
) -> Movement:
    """Goods issued from a store (to a department, to a destination, to a repair); refused
    when the store holds fewer than asked. The item's unit cost is kept on the movement, so
    the cost charged to the receiver stays what it was on the day."""
    return _move(
        store=store,
        item=item,
        kind=MovementKind.ISSUE,
        quantity=quantity,
        outward=True,
        by=by,
        moved_at=moved_at,
        unit_cost=item.unit_cost,
        **_details(party=party, note=note, reference=reference, reference_text=reference_text),
    )


def stock_return(
    *,
    store: Store,
    item: Item,
    quantity,
    by,
    party: str = "",
    moved_at: datetime | None = None,
    note: str = "",
    reference=None,
    reference_text: str = "",
) -> Movement:
    """Goods given back into a store by those they were issued to (退库)."""
    return _move(
        store=store,
        item=item,
        kind=MovementKind.RETURN,
        quantity=quantity,
        outward=False,
        by=by,
        moved_at=moved_at,
        unit_cost=item.unit_cost,
        **_details(party=party, note=note, reference=reference, reference_text=reference_text),
    )


def stock_transfer(
    *,
    source: Store,
    target: Store,
    item: Item,
    quantity,
    by,
    moved_at: datetime | None = None,
    note: str = "",
) -> tuple[Movement, Movement]:
    """Move goods from one store to another of the same site: both halves or neither."""
    quantity = number_clean(quantity, field="quantity", maximum=MAX_QUANTITY)
    moved_at = past_moment(moved_at, field="moved_at")
    _check_transfer(source, target, item)
    with transaction.atomic():
        # Lock in store order, so two opposite transfers cannot wait on each other.
        slots = {s.pk: slot_lock(store=s, item=item) for s in sorted((source, target), key=_pk)}
        _check_enough(slots[source.pk], source, item, quantity, moved_at)
        numbers = _numbers(source, moved_at, 2)
        shared = {"moved_at": moved_at, "note": _text(note, 200), "transfer": uuid.uuid4()}
        halves = (
            (slots[source.pk], MovementKind.TRANSFER_OUT, -quantity, target),
            (slots[target.pk], MovementKind.TRANSFER_IN, quantity, source),
        )
        out, into = (
            _movement(
                slot=slot,
                kind=kind,
                quantity=signed,
                by=by,
                number=number,
                party=other.name[:100],
                unit_cost=item.unit_cost,
                **shared,
            )
            for (slot, kind, signed, other), number in zip(halves, numbers, strict=True)
        )
    return out, into


def _check_transfer(source: Store, target: Store, item: Item) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose a store other than the one giving.")})
    if source.site_id != target.site_id:
        raise ValidationError({"target": _("Both stores must belong to the same site.")})
    _check_pair(source, item)
    _check_pair(target, item, field="target")


def _pk(obj) -> int:
    return obj.pk


# Stock-take ----------------------------------------------------------------------------------


def _clean_counts(store: Store, counts: dict) -> dict[int, tuple[Item, Decimal]]:
    if not counts:
        raise ValidationError(_("Count at least one item."))
    items = Item.objects.in_bulk([int(pk) for pk in counts])
    cleaned = {}
    for pk, counted in counts.items():
        item = items.get(int(pk))
        if item is None or item.site_id != store.site_id:
            raise ValidationError({"counts": _("An item counted is not of this site.")})
        field = f"count_{item.pk}"
        cleaned[item.pk] = (
            item,
            number_clean(counted, field=field, maximum=MAX_QUANTITY, allow_zero=True),
        )
    return cleaned


def stocktake_record(
    *, store: Store, counts: dict, by, at: datetime | None = None, note: str = ""
) -> StockTake:
    """Record a stock-take of ``store``: ``counts`` maps item ids to the quantities counted.
    Each difference from the ledger is booked as an adjustment movement of the stock-take."""
    if not store.is_active:
        raise ValidationError({"store": _("This store is no longer in use.")})
    at = past_moment(at, field="counted_at")
    cleaned = _clean_counts(store, counts)
    with transaction.atomic():
        take = StockTake(site_id=store.site_id, store=store, counted_at=at, note=_text(note, 200))
        take.number = next_numbers(
            site=store.site, prefix=StockTake.number_prefix, year=timezone.localtime(at).year
        )[0]
        take.created_by = by if by is not None and by.is_authenticated else None
        take.save()
        for item_pk in sorted(cleaned):  # a fixed lock order
            item, counted = cleaned[item_pk]
            _stocktake_line(take, store, item, counted, by)
        event_record(site=store.site, verb="stocktake_record", actor=by, target=take)
    return take


def _stocktake_line(take: StockTake, store: Store, item: Item, counted: Decimal, by) -> None:
    slot = slot_lock(store=store, item=item)
    expected = slot_quantity(slot, take.counted_at)
    difference = counted - expected
    if difference < 0 and dips_below(slot, -difference, moved_at=take.counted_at, pk=None):
        raise ValidationError(
            {
                f"count_{item.pk}": _(
                    "%(item)s: movements after the count already use the goods it finds "
                    "missing; record the count with the present time."
                )
                % {"item": item}
            }
        )
    StockTakeLine.objects.create(
        site_id=take.site_id,
        stocktake=take,
        item=item,
        expected=expected,
        counted=counted,
        difference=difference,
    )
    if difference:
        _movement(
            slot=slot,
            kind=MovementKind.ADJUSTMENT,
            quantity=difference,
            by=by,
            number=_numbers(store, take.counted_at)[0],
            moved_at=take.counted_at,
            unit_cost=item.unit_cost,
            stocktake=take,
            reference_text=take.number,
        )


# Void ----------------------------------------------------------------------------------------


def movement_void(*, movement: Movement, by, reason: str) -> list[Movement]:
    """Void a movement (both halves of a transfer) with a reason. Refused when the store would
    then hold less than nothing now, e.g. a receipt whose goods were already issued."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for voiding this record.")})
    with transaction.atomic():
        group = _void_group(movement)
        if any(m.voided_at is not None for m in group):
            raise ValidationError(_("This record is already void."))
        for m in sorted(group, key=lambda m: m.store_id):
            slot = StockSlot.objects.select_for_update().get(pk=m.slot_id)
            if m.quantity > 0 and dips_below(slot, m.quantity, moved_at=m.moved_at, pk=m.pk):
                raise ValidationError(
                    _(
                        "This movement cannot be voided: %(store)s would hold less than "
                        "nothing afterwards, as the %(quantity)s %(unit)s of %(item)s it "
                        "brought in were already issued."
                    )
                    % {
                        "store": m.store,
                        "quantity": _plain(m.quantity),
                        "unit": m.item.unit,
                        "item": m.item,
                    }
                )
        _void_rows(group, by, reason)
    return group


def _void_group(movement: Movement) -> list[Movement]:
    rows = Movement.objects.select_related("store", "item", "site")
    if movement.transfer is not None:
        return list(rows.filter(transfer=movement.transfer).order_by("pk"))
    return [rows.get(pk=movement.pk)]


def _void_rows(group: list[Movement], by, reason: str) -> None:
    now = timezone.now()
    for m in group:
        m.voided_at, m.voided_by, m.void_reason = now, by, reason[:200]
        m.save(update_fields=["voided_at", "voided_by", "void_reason"])
        event_record(site=m.site, verb="void", actor=by, target=m, detail=reason)


# Master data ---------------------------------------------------------------------------------


def _check_links(record: models.Model, **links) -> None:
    for field, obj in links.items():
        if obj is not None and obj.site_id != record.site_id:
            raise ValidationError({field: _("This choice is not at the chosen site.")})


def store_save(*, store: Store, by, fields: list[str] | None = None) -> Store:
    """Add or change a store (``fields``: the ones changed, saved alone on an edit)."""
    _check_links(store, location=store.location, keeper=store.keeper)
    return _save(store, by, "store", fields)


def item_save(*, item: Item, by, fields: list[str] | None = None) -> Item:
    """Add or change a stock item (``fields``: the ones changed, saved alone on an edit)."""
    return _save(item, by, "item", fields)


def _save(record, by, noun: str, fields: list[str] | None):
    record.full_clean()
    created = record.pk is None
    with transaction.atomic():
        if created:
            record.save()
        elif fields:
            record.save(update_fields=fields)
        verb = f"{noun}_created" if created else f"{noun}_changed"
        event_record(site=record.site, verb=verb, actor=by, target=record)
    return record
