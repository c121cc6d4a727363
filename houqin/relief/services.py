"""Writes of the relief module. Goods move only through the stock ledger's services: a donation
in kind or an emergency purchase is a receipt into the campaign's store, a dispatch an issue
from it, and voiding one voids its movements (refused by the ledger when the goods are gone)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from houqin.core.inputs import check_photo, past_moment, same_site
from houqin.core.services import attachment_add, event_record, record_number, record_void
from houqin.procurement.choices import Method, ProjectStatus
from houqin.relief.choices import CATEGORY_UNITS, DispatchStatus, DonorKind, ReliefCategory
from houqin.relief.models import (
    Campaign,
    Dispatch,
    DispatchLine,
    Donation,
    DonationLine,
    EmergencyPurchase,
    PurchaseLine,
)
from houqin.stock import services as stock
from houqin.stock.models import Item, Movement

LEDGER = "relief"
MAX_YUAN = Decimal("999999999999")
CONTRACTED = (ProjectStatus.CONTRACTED, ProjectStatus.COMPLETED)


# Checks --------------------------------------------------------------------------------------


def _text(value, length: int) -> str:
    return str(value or "").strip()[:length]


def _yuan(value, *, field: str) -> Decimal | None:
    """An amount of yuan greater than zero with at most two decimals, or None when empty."""
    if value in (None, ""):
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("Enter an amount greater than zero.")})
    if amount > MAX_YUAN:
        raise ValidationError({field: _("This amount is too large.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Use at most two decimal places.")})
    return amount.quantize(Decimal("0.01"))


def _open(campaign: Campaign) -> None:
    if campaign.voided_at is not None:
        raise ValidationError({"campaign": _("This campaign is void.")})


def _within(campaign: Campaign, moment: datetime, *, field: str) -> datetime:
    """A moment of the campaign's work must fall within its period (local dates), so that
    goods and money are not booked to a flood decades before it, or after it was closed."""
    day = timezone.localdate(moment)
    start, end = campaign.starts_on, campaign.ends_on
    if day < start:
        message = _("The campaign starts on %(date)s; choose a date on or after it.")
        raise ValidationError({field: message % {"date": date_format(start, "Y-m-d")}})
    if end is not None and day > end:
        message = _("The campaign ended on %(date)s; choose a date on or before it.")
        raise ValidationError({field: message % {"date": date_format(end, "Y-m-d")}})
    return moment


def _relief_item(campaign: Campaign, item: Item, field: str = "lines") -> None:
    """A line's goods must be relief goods of the campaign's site."""
    if item.site_id != campaign.site_id or item.ledger != LEDGER:
        raise ValidationError(
            {field: _("%(item)s is not a relief item of this site.") % {"item": item}}
        )


def _check_lines(campaign: Campaign, lines, width: int) -> list[tuple]:
    """Lines as tuples of ``width``, each a relief item with a quantity greater than zero."""
    cleaned = []
    for line in lines or ():
        if len(line) != width:
            raise ValidationError({"lines": _("A goods line is incomplete.")})
        item, quantity, *rest = line
        _relief_item(campaign, item)
        quantity = stock.number_clean(quantity, field="lines", maximum=stock.MAX_QUANTITY)
        cleaned.append((item, quantity, *rest))
    return cleaned


def _movements_of(record) -> list[Movement]:
    ct = ContentType.objects.get_for_model(record)
    moves = Movement.objects.filter(reference_type=ct, reference_id=record.pk)
    return list(moves.filter(voided_at__isnull=True).order_by("pk"))


def _void_with_movements(record, by, reason: str) -> None:
    """Void the record's movements through the ledger, then the record: all or nothing."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for voiding this record.")})
    if record.voided_at is not None:
        raise ValidationError(_("This record is already void."))
    with transaction.atomic():
        for movement in _movements_of(record):
            stock.movement_void(movement=movement, by=by, reason=reason)
        record_void(record=record, by=by, reason=reason)


def _author(record, by) -> None:
    record.created_by = by if by is not None and by.is_authenticated else None


# Campaigns and relief goods ------------------------------------------------------------------


def campaign_save(*, campaign: Campaign, by, fields: list[str] | None = None) -> Campaign:
    """Add or change a relief campaign (``fields``: those changed, saved alone on an edit). Its
    store must be an active store of its site."""
    same_site(campaign.site, campaign.store, field="store")
    created = campaign.pk is None
    if created:
        campaign.full_clean(exclude=["number"])
        # Numbered in the year the campaign starts, as its donations are in theirs.
        start = datetime.combine(campaign.starts_on, time(12), timezone.get_current_timezone())
        campaign.number = record_number(record=campaign, when=start)
        _author(campaign, by)
    campaign.full_clean()
    with transaction.atomic():
        if created:
            campaign.save()
        elif fields:
            campaign.save(update_fields=fields)
        verb = "relief_campaign_created" if created else "relief_campaign_changed"
        event_record(site=campaign.site, verb=verb, actor=by, target=campaign)
    return campaign


def campaign_void(*, campaign: Campaign, by, reason: str) -> None:
    """Void a campaign that has no donation, purchase or dispatch left standing."""
    live = {"voided_at__isnull": True}
    if (
        campaign.donations.filter(**live).exists()
        or campaign.dispatches.filter(**live).exists()
        or campaign.purchases.filter(**live).exists()
    ):
        raise ValidationError(
            _("Void the campaign's donations, purchases and dispatches before the campaign.")
        )
    record_void(record=campaign, by=by, reason=reason)


def relief_item_save(*, item: Item, by, fields: list[str] | None = None) -> Item:
    """Add or change a relief item: a stock item of the relief ledger whose category is a
    relief category, counted in that category's unit (water in 瓶, tarpaulin in 平方米 …)."""
    item.ledger = LEDGER
    if item.category not in ReliefCategory.values:
        raise ValidationError({"category": _("Choose a relief category.")})
    unit = CATEGORY_UNITS.get(ReliefCategory(item.category))
    if unit is not None and item.unit != unit:
        raise ValidationError(
            {"unit": _("Goods of this category are counted in %(unit)s.") % {"unit": unit}}
        )
    return stock.item_save(item=item, by=by, fields=fields)


# Donations -----------------------------------------------------------------------------------


def _donor(campaign, donor_kind, donor_name, department, person) -> tuple[str, dict]:
    """The donor's name and links: a staff member names the person, a department itself."""
    if donor_kind not in DonorKind.values:
        raise ValidationError({"donor_kind": _("Choose a donor type.")})
    if donor_kind == DonorKind.STAFF:
        if person is None:
            raise ValidationError({"person": _("Choose the staff member who gave.")})
        same_site(campaign.site, person, field="person")
        return person.name, {"person": person, "department": None}
    if donor_kind == DonorKind.DEPARTMENT:
        if department is None:
            raise ValidationError({"department": _("Choose the department that gave.")})
        same_site(campaign.site, department, field="department")
        return department.name, {"person": None, "department": department}
    name = _text(donor_name, 100) or (campaign.site.name if donor_kind == "organisation" else "")
    if not name:
        raise ValidationError({"donor_name": _("Name the donor.")})
    return name, {"person": None, "department": None}


def donation_receive(
    *,
    campaign: Campaign,
    donor_kind: str,
    donor_name: str,
    received_at: datetime | None,
    by,
    amount_yuan=None,
    lines=(),
    department=None,
    person=None,
    is_anonymous: bool = False,
    note: str = "",
) -> Donation:
    """Record a donation of cash and/or goods (``lines``: (item, quantity)); the goods are
    received into the campaign's store with the donation as reference and the donor as party."""
    _open(campaign)
    name, links = _donor(campaign, donor_kind, donor_name, department, person)
    amount = _yuan(amount_yuan, field="amount_yuan")
    lines = _check_lines(campaign, lines, 2)
    if amount is None and not lines:
        raise ValidationError(_("Enter an amount of cash or at least one line of goods."))
    received_at = _within(
        campaign, past_moment(received_at, field="received_at"), field="received_at"
    )
    donation = Donation(
        site=campaign.site,
        campaign=campaign,
        donor_kind=donor_kind,
        donor_name=name,
        amount_yuan=amount,
        received_at=received_at,
        is_anonymous=bool(is_anonymous),
        note=_text(note, 200),
        **links,
    )
    with transaction.atomic():
        _number_and_save(donation, by, received_at)
        for item, quantity in lines:
            DonationLine.objects.create(
                site=campaign.site, donation=donation, item=item, quantity=quantity
            )
            _receive(campaign, donation, item, quantity, by, party=name)
        event_record(site=campaign.site, verb="relief_donation_received", actor=by, target=donation)
    return donation


def _number_and_save(record, by, when: datetime) -> None:
    record.number = record_number(record=record, when=when)
    _author(record, by)
    record.save()


def _receive(campaign, record, item, quantity, by, *, party: str, unit_cost=None) -> None:
    stock.stock_receive(
        store=campaign.store,
        item=item,
        quantity=quantity,
        unit_cost=unit_cost,
        by=by,
        moved_at=record.received_at,
        party=party,
        reference=record,
        reference_text=record.number,
    )


def donation_void(*, donation: Donation, by, reason: str) -> None:
    """Void a donation and the receipt of its goods; refused, with the ledger's message, when
    those goods were already dispatched."""
    _void_with_movements(donation, by, reason)


# Emergency purchases -------------------------------------------------------------------------


def _check_project(campaign: Campaign, project) -> None:
    """An emergency procurement project of the campaign's site, under contract, not yet used."""
    if project.site_id != campaign.site_id:
        raise ValidationError({"project": _("This choice is not at the chosen site.")})
    if project.method != Method.EMERGENCY:
        raise ValidationError({"project": _("Choose a project of the emergency method.")})
    if project.status not in CONTRACTED or project.supplier_id is None:
        raise ValidationError({"project": _("The project has no signed contract yet.")})
    if EmergencyPurchase.objects.filter(project=project).exists():
        raise ValidationError({"project": _("The goods of this project were already received.")})


def purchase_receive(
    *, campaign: Campaign, project, lines, received_at: datetime | None, by
) -> EmergencyPurchase:
    """Receive the goods of an emergency procurement project into the campaign's store
    (``lines``: (item, quantity, unit cost)); the party is the winning supplier."""
    _open(campaign)
    _check_project(campaign, project)
    lines = [(i, q, stock._cost(c)) for i, q, c in _check_lines(campaign, lines, 3)]
    if not lines:
        raise ValidationError({"lines": _("Enter at least one line of goods.")})
    received_at = _within(
        campaign, past_moment(received_at, field="received_at"), field="received_at"
    )
    purchase = EmergencyPurchase(
        site=campaign.site, campaign=campaign, project=project, received_at=received_at
    )
    party = project.supplier.name
    with transaction.atomic():
        _number_and_save(purchase, by, received_at)
        for item, quantity, cost in lines:
            PurchaseLine.objects.create(
                site=campaign.site, purchase=purchase, item=item, quantity=quantity, unit_cost=cost
            )
            _receive(campaign, purchase, item, quantity, by, party=party, unit_cost=cost)
        event_record(site=campaign.site, verb="relief_purchase_received", actor=by, target=purchase)
    return purchase


# Dispatches ----------------------------------------------------------------------------------


def dispatch_create(
    *,
    campaign: Campaign,
    destination: str,
    dispatched_at: datetime | None,
    lines,
    by,
    carrier: str = "",
) -> Dispatch:
    """Send goods from the campaign's store to ``destination`` (``lines``: (item, quantity)):
    every line or none; a line the store cannot cover is refused naming the item and what is
    on hand."""
    _open(campaign)
    destination = _text(destination, 150)
    if not destination:
        raise ValidationError({"destination": _("Name the destination.")})
    lines = _check_lines(campaign, lines, 2)
    if not lines:
        raise ValidationError({"lines": _("Enter at least one line of goods.")})
    at = _within(campaign, past_moment(dispatched_at, field="dispatched_at"), field="dispatched_at")
    dispatch = Dispatch(
        site=campaign.site,
        campaign=campaign,
        destination=destination,
        dispatched_at=at,
        carrier=_text(carrier, 100),
    )
    with transaction.atomic():
        _number_and_save(dispatch, by, at)
        for item, quantity in lines:
            DispatchLine.objects.create(
                site=campaign.site, dispatch=dispatch, item=item, quantity=quantity
            )
            _issue(campaign, dispatch, item, quantity, by)
        event_record(site=campaign.site, verb="relief_dispatch_sent", actor=by, target=dispatch)
    return dispatch


def _issue(campaign, dispatch, item, quantity, by) -> None:
    try:
        stock.stock_issue(
            store=campaign.store,
            item=item,
            quantity=quantity,
            by=by,
            moved_at=dispatch.dispatched_at,
            party=dispatch.destination[:100],
            reference=dispatch,
            reference_text=dispatch.number,
        )
    except ValidationError as exc:  # the ledger's message names the item and what is on hand
        raise ValidationError({"lines": exc.messages}) from exc


def dispatch_sign(
    *,
    dispatch: Dispatch,
    signed_by_name: str,
    signed_at: datetime | None,
    by,
    note: str = "",
    photo=None,
) -> Dispatch:
    """Record who signed for a dispatch at its destination and when (with a photo of the
    signed slip, if taken)."""
    if dispatch.voided_at is not None:
        raise ValidationError(_("This record is void."))
    if dispatch.status == DispatchStatus.SIGNED:
        raise ValidationError(_("This dispatch was already signed for."))
    name = _text(signed_by_name, 50)
    if not name:
        raise ValidationError({"signed_by_name": _("Name the person who signed for the goods.")})
    signed_at = past_moment(signed_at, field="signed_at")
    if signed_at < dispatch.dispatched_at:
        raise ValidationError({"signed_at": _("The goods cannot be signed for before they left.")})
    check_photo(photo)
    with transaction.atomic():
        dispatch.status = DispatchStatus.SIGNED
        dispatch.signed_by_name, dispatch.signed_at = name, signed_at
        dispatch.sign_note = _text(note, 200)
        dispatch.save(update_fields=["status", "signed_by_name", "signed_at", "sign_note"])
        if photo is not None:
            attachment_add(target=dispatch, upload=photo, by=by)
        event_record(
            site=dispatch.site,
            verb="relief_dispatch_signed",
            actor=by,
            target=dispatch,
            detail=name,
        )
    return dispatch


def dispatch_void(*, dispatch: Dispatch, by, reason: str) -> None:
    """Void a dispatch not yet signed for; its goods go back on hand in the store."""
    if dispatch.status == DispatchStatus.SIGNED:
        raise ValidationError(_("A dispatch signed for at its destination cannot be voided."))
    _void_with_movements(dispatch, by, reason)
