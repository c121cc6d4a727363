"""Work orders (报修 → 派工 → 维修 → 完工 → 评价): opening one from any source. The dispatch,
work, completion and rating steps are added beside ``work_order_open``."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import check_photo, past_moment, same_site
from houqin.core.models import Location, ScanLink, Site
from houqin.core.permissions import has_perm_at, role_holders
from houqin.core.roles import FACILITIES_MANAGER
from houqin.facilities.choices import (
    OPEN_WORK_ORDER_STATUSES,
    WorkOrderPriority,
    WorkOrderSource,
    WorkOrderStatus,
)
from houqin.facilities.models import Equipment, WorkOrder, WorkOrderPart


def work_order_open(
    *,
    site: Site,
    description: str,
    by=None,
    source: str = WorkOrderSource.STAFF,
    location: Location | None = None,
    equipment: Equipment | None = None,
    priority: str = WorkOrderPriority.NORMAL,
    reported_at: datetime | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    client_hash: str = "",
    photo=None,
    **links,
) -> WorkOrder:
    """Open a work order and tell the site's dispatchers (the facilities managers).

    ``links`` names the record it came from: ``hazard``, ``camera`` or ``maintenance_task``.
    The location defaults to the unit's. ``by`` is None for a report made without an account.
    """
    order = WorkOrder(
        site=site,
        source=source,
        description=(description or "").strip(),
        equipment=equipment,
        location=location or (equipment.location if equipment is not None else None),
        priority=priority,
        reporter=by if by is not None and by.is_authenticated else None,
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        client_hash=client_hash,
        created_by=by if by is not None and by.is_authenticated else None,
        **links,
    )
    _check_new(order)
    order.reported_at = past_moment(reported_at, field="reported_at")
    check_photo(photo)
    with transaction.atomic():
        order.number = core.record_number(record=order, when=order.reported_at)
        order.save()
        if photo is not None:
            core.attachment_add(target=order, upload=photo, by=by)
        core.event_record(
            site=site, verb="report", actor=by, target=order, detail=order.description
        )
        _tell_dispatchers(order)
    return order


def _check_new(order: WorkOrder) -> None:
    if not order.description:
        raise ValidationError({"description": _("Describe the fault.")})
    if order.priority not in WorkOrderPriority.values:
        raise ValidationError({"priority": _("Choose a priority from the list.")})
    same_site(order.site, order.equipment, field="equipment")
    if order.location is not None and order.location.site_id != order.site_id:
        raise ValidationError({"location": _("This choice is not at the chosen site.")})


def _tell_dispatchers(order: WorkOrder) -> None:
    urgent = order.priority == WorkOrderPriority.URGENT
    core.notify(
        site=order.site,
        recipients=role_holders(site_id=order.site_id, roles=[FACILITIES_MANAGER]),
        level="danger" if urgent else "info",
        title=_("Fault reported (%(number)s)") % {"number": order.number},
        body=order.description,
        url=reverse("facilities:workorder_detail", kwargs={"pk": order.pk}),
    )


# The workflow after the report: dispatch, start, complete, rate, close, reopen ---------------

TRACK_SALT = "houqin.facilities.track"
PUBLIC_REPORTS_PER_LINK_PER_HOUR = 30
MAX_LABOUR_HOURS = Decimal("1000")
# Mainland mobile (11 digits from 1[3-9]) or landline with its area code (0731-1234567).
MOBILE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")


@dataclass(frozen=True)
class PartLine:
    """A part or material used on a repair, as the technician enters it."""

    name: str
    quantity: Decimal
    unit: str = ""
    unit_price: Decimal | None = None


def _relock(order: WorkOrder, *fields: str) -> None:
    """Lock the order's row for the rest of the transaction and read its workflow state afresh,
    so two people acting on it at the same moment cannot both pass the same check."""
    fresh = WorkOrder.objects.select_for_update().only(*fields).get(pk=order.pk)
    for name in fields:
        setattr(order, name, getattr(fresh, name))


_STATE = ("status", "voided_at", "assigned_to_id", "started_at", "completed_at")


def _check_status(order: WorkOrder, *statuses: str) -> None:
    if order.voided_at is not None:
        raise ValidationError(_("This work order is void."))
    if order.status not in statuses:
        raise ValidationError(
            _("This step is not possible while the work order is %(status)s.")
            % {"status": WorkOrderStatus(order.status).label}
        )


def is_dispatcher(user, order: WorkOrder) -> bool:
    """Whether ``user`` dispatches work orders at the order's site."""
    return has_perm_at(user, "facilities.dispatch_workorder", order.site_id)


def _require_dispatcher(user, order: WorkOrder) -> None:
    if not is_dispatcher(user, order):
        raise ValidationError(_("Only the dispatcher of this site may do this."))


def _require_worker(user, order: WorkOrder) -> None:
    """The assigned technician, or a dispatcher acting for them."""
    if order.assigned_to_id != getattr(user, "pk", None) and not is_dispatcher(user, order):
        raise ValidationError(_("Only the assigned technician or the dispatcher may do this."))


def _url(order: WorkOrder) -> str:
    return reverse("facilities:workorder_detail", kwargs={"pk": order.pk})


def work_order_dispatch(*, order: WorkOrder, technician, by, priority: str | None = None):
    """Assign (or re-assign) the order to a technician of its site and set the response
    deadline from its priority."""
    with transaction.atomic():
        _relock(order, *_STATE, "priority")
        _check_status(order, *OPEN_WORK_ORDER_STATUSES)
        _require_dispatcher(by, order)
        _check_technician(order, technician)
        priority = priority or order.priority
        if priority not in WorkOrderPriority.values:
            raise ValidationError({"priority": _("Choose a priority from the list.")})
        _assign(order, technician, priority)
        core.event_record(
            site=order.site, verb="dispatch", actor=by, target=order, detail=str(technician)
        )
        core.notify(
            site=order.site,
            recipients=[technician],
            level="danger" if priority == WorkOrderPriority.URGENT else "info",
            title=_("Work order assigned to you (%(number)s)") % {"number": order.number},
            body=order.description,
            url=_url(order),
        )
    return order


def _check_technician(order: WorkOrder, technician) -> None:
    if (
        technician is None
        or not technician.is_active
        or not has_perm_at(technician, "facilities.work_workorder", order.site_id)
    ):
        raise ValidationError({"technician": _("Choose a technician of this site.")})


def _assign(order: WorkOrder, technician, priority: str) -> None:
    hours = settings.HOUQIN_WORK_ORDER_RESPONSE_HOURS[priority]
    if order.status == WorkOrderStatus.IN_PROGRESS and order.assigned_to_id == technician.pk:
        status = WorkOrderStatus.IN_PROGRESS  # only the priority changed
    else:
        status = WorkOrderStatus.ASSIGNED
    order.assigned_to, order.assigned_at = technician, timezone.now()
    order.priority, order.status = priority, status
    order.respond_by = order.reported_at + timedelta(hours=hours)
    order.save(update_fields=["assigned_to", "assigned_at", "priority", "status", "respond_by"])


def work_order_start(*, order: WorkOrder, by) -> WorkOrder:
    """The technician begins the repair (the response time ends here)."""
    with transaction.atomic():
        _relock(order, *_STATE)
        _check_status(order, WorkOrderStatus.ASSIGNED)
        _require_worker(by, order)
        order.status = WorkOrderStatus.IN_PROGRESS
        order.started_at = order.started_at or timezone.now()  # kept when reopened
        order.save(update_fields=["status", "started_at"])
        core.event_record(site=order.site, verb="start", actor=by, target=order)
    return order


def work_order_complete(
    *,
    order: WorkOrder,
    by,
    resolution: str,
    labour_hours: Decimal | None,
    parts: list[PartLine] | None = None,
) -> WorkOrder:
    """Record the repair: what was done, labour and parts; the reporter is told."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say what was done.")})
    _check_labour(labour_hours)
    rows = [_part_row(order, line) for line in parts or []]
    with transaction.atomic():
        _relock(order, *_STATE)
        _check_status(order, WorkOrderStatus.IN_PROGRESS)
        _require_worker(by, order)
        order.status, order.completed_at = WorkOrderStatus.DONE, timezone.now()
        order.resolution, order.labour_hours = resolution, labour_hours
        order.save(update_fields=["status", "completed_at", "resolution", "labour_hours"])
        WorkOrderPart.objects.bulk_create(rows)
        core.event_record(
            site=order.site, verb="complete", actor=by, target=order, detail=resolution
        )
        _tell_reporter(order)
    return order


def _check_labour(hours: Decimal | None) -> None:
    if hours is not None and not Decimal("0") <= hours <= MAX_LABOUR_HOURS:
        raise ValidationError({"labour_hours": _("Enter the labour hours (0 to 1000).")})


def _part_row(order: WorkOrder, line: PartLine) -> WorkOrderPart:
    name = (line.name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError({"parts": _("Name each part or material (up to 100 characters).")})
    if line.quantity is None or not Decimal("0") < line.quantity < Decimal("1e8"):
        raise ValidationError(
            {"parts": _("The quantity of %(part)s must be more than zero.") % {"part": name}}
        )
    if line.unit_price is not None and not Decimal("0") <= line.unit_price < Decimal("1e8"):
        raise ValidationError(
            {"parts": _("The unit price of %(part)s cannot be negative.") % {"part": name}}
        )
    return WorkOrderPart(
        site_id=order.site_id,
        work_order=order,
        name=name,
        quantity=line.quantity,
        unit=(line.unit or "").strip()[:10],
        unit_price=line.unit_price,
    )


def _tell_reporter(order: WorkOrder) -> None:
    if order.reporter_id is None:
        return
    core.notify(
        site=order.site,
        recipients=[order.reporter],
        title=_("Repair done (%(number)s): please rate it") % {"number": order.number},
        body=order.resolution,
        url=reverse("facilities:workorder_mine"),
    )


def work_order_rate(*, order: WorkOrder, rating, comment: str = "", by=None) -> WorkOrder:
    """The reporter rates the repair (1–5) and the order closes. ``by`` is None for a reporter
    without an account, whose signed tracking token the caller has checked."""
    rating = _check_rating(rating)
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("Keep the comment under 300 characters.")})
    with transaction.atomic():
        _relock(order, *_STATE, "reporter_id")
        _check_status(order, WorkOrderStatus.DONE)
        if by is not None and order.reporter_id != by.pk:
            raise ValidationError(_("Only the person who reported the fault may rate the repair."))
        now = timezone.now()
        order.rating, order.rating_comment, order.rated_at = rating, comment, now
        order.status, order.closed_at = WorkOrderStatus.CLOSED, now
        order.save(update_fields=["rating", "rating_comment", "rated_at", "status", "closed_at"])
        detail = f"{rating}/5 {comment}".strip()
        core.event_record(site=order.site, verb="rate", actor=by, target=order, detail=detail)
        if rating <= 2:
            _tell_dispatchers_of_rating(order)
    return order


def _check_rating(rating) -> int:
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    return value


def _tell_dispatchers_of_rating(order: WorkOrder) -> None:
    core.notify(
        site=order.site,
        recipients=role_holders(site_id=order.site_id, roles=[FACILITIES_MANAGER]),
        level="warning",
        title=_("Poor rating (%(rating)d/5) for %(number)s")
        % {"rating": order.rating, "number": order.number},
        body=order.rating_comment,
        url=_url(order),
    )


def work_order_close(*, order: WorkOrder, by) -> WorkOrder:
    """The dispatcher closes a repaired order the reporter has not rated."""
    with transaction.atomic():
        _relock(order, *_STATE)
        _check_status(order, WorkOrderStatus.DONE)
        _require_dispatcher(by, order)
        order.status, order.closed_at = WorkOrderStatus.CLOSED, timezone.now()
        order.save(update_fields=["status", "closed_at"])
        core.event_record(site=order.site, verb="close", actor=by, target=order)
    return order


def work_order_reopen(*, order: WorkOrder, by, reason: str) -> WorkOrder:
    """Send a repaired order back to its technician (the fault is still there)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the work order is reopened.")})
    with transaction.atomic():
        _relock(order, *_STATE)
        _check_status(order, WorkOrderStatus.DONE)
        _require_dispatcher(by, order)
        order.status, order.completed_at = WorkOrderStatus.ASSIGNED, None
        order.save(update_fields=["status", "completed_at"])
        core.event_record(site=order.site, verb="reopen", actor=by, target=order, detail=reason)
        if order.assigned_to_id is not None:
            core.notify(
                site=order.site,
                recipients=[order.assigned_to],
                level="warning",
                title=_("Work order reopened (%(number)s)") % {"number": order.number},
                body=reason[:300],
                url=_url(order),
            )
    return order


# Orders from other records -------------------------------------------------------------------


def work_order_from_hazard(*, hazard, by) -> WorkOrder:
    """Open a work order to repair what a safety hazard found (linked to it)."""
    if hazard.voided_at is not None:
        raise ValidationError(_("This hazard is void."))
    _refuse_duplicate(hazard=hazard)
    description = hazard.description
    if hazard.location_id is None and hazard.place:
        description = f"{hazard.place}: {description}"[:500]
    return work_order_open(
        site=hazard.site,
        description=description,
        by=by,
        source=WorkOrderSource.HAZARD,
        location=hazard.location,
        hazard=hazard,
    )


def work_order_from_camera(*, camera, by, description: str) -> WorkOrder:
    """Open a work order to repair a faulty camera (at the camera's location)."""
    _refuse_duplicate(camera=camera)
    return work_order_open(
        site=camera.site,
        description=description,
        by=by,
        source=WorkOrderSource.CAMERA,
        location=camera.location,
        camera=camera,
    )


def _refuse_duplicate(**link) -> None:
    open_order = (
        WorkOrder.objects.filter(
            voided_at__isnull=True, status__in=OPEN_WORK_ORDER_STATUSES, **link
        )
        .only("number")
        .first()
    )
    if open_order is not None:
        raise ValidationError(
            _("Work order %(number)s is already open for this.") % {"number": open_order.number}
        )


# Reports without an account ------------------------------------------------------------------


def client_hash_of(client_ip: str) -> str:
    """A keyed hash of the network address: enough to limit reports, never the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (client_ip or "").encode(), hashlib.sha256).hexdigest()


def clean_reporter_phone(phone: str) -> str:
    """A mainland mobile or landline number, with spaces removed."""
    phone = "".join((phone or "").split())
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError(
            {"phone": _("Enter a mobile number (11 digits) or a landline with its area code.")}
        )
    return phone


def track_token(order: WorkOrder) -> str:
    """The signed token of the reporter's "track and rate" page."""
    return signing.Signer(salt=TRACK_SALT).sign(str(order.pk))


def track_token_order_id(token: str) -> int | None:
    """The order id a tracking token names, or None when it was altered."""
    try:
        value = signing.Signer(salt=TRACK_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def public_fault_report(
    *, link, description: str, name: str, phone: str, client_ip: str, photo=None
) -> tuple[WorkOrder, str]:
    """A fault reported by scanning a room's or a unit's label, without an account.

    Refused (nothing saved) beyond the hourly limits per client and per label. Returns the order
    and its tracking token."""
    location, equipment = _public_target(link)
    name = " ".join((name or "").split())
    if not name or len(name) > 50:
        raise ValidationError({"name": _("Enter your name.")})
    phone = clean_reporter_phone(phone)
    client = client_hash_of(client_ip)
    with transaction.atomic():
        # One report at a time per label, so the limits hold under concurrent requests.
        ScanLink.objects.select_for_update().only("pk").get(pk=link.pk)
        _check_public_limits(client, location, equipment)
        order = work_order_open(
            site=link.site,
            description=description,
            source=WorkOrderSource.PUBLIC,
            location=location,
            equipment=equipment,
            reporter_name=name,
            reporter_phone=phone,
            client_hash=client,
            photo=photo,
        )
    return order, track_token(order)


def _public_target(link) -> tuple[Location | None, Equipment | None]:
    target = link.target
    if link.purpose == "fault" and isinstance(target, Location) and target.is_active:
        return target, None
    if link.purpose == "equipment" and isinstance(target, Equipment):
        return None, target
    raise ValidationError(_("This code cannot be used to report a fault."))


def _check_public_limits(client: str, location, equipment) -> None:
    since = timezone.now() - timedelta(hours=1)
    recent = WorkOrder.objects.filter(reported_at__gte=since)
    if recent.filter(client_hash=client).count() >= settings.HOUQIN_PUBLIC_REPORTS_PER_HOUR:
        raise ValidationError(
            _(
                "Too many reports from this device in the last hour. "
                "Please call the facilities office instead."
            )
        )
    same_label = recent.filter(source=WorkOrderSource.PUBLIC)
    same_label = (
        same_label.filter(equipment=equipment)
        if equipment is not None
        else same_label.filter(location=location, equipment__isnull=True)
    )
    if same_label.count() >= PUBLIC_REPORTS_PER_LINK_PER_HOUR:
        raise ValidationError(
            _("This place has received many reports in the last hour; it is being dealt with.")
        )


def fault_links_ensure(*, locations: list[Location]) -> list[tuple[Location, ScanLink]]:
    """The "fault" scan link of each location, created where missing (for printing labels)."""
    ct = ContentType.objects.get_for_model(Location)
    existing = {
        link.object_id: link
        for link in ScanLink.objects.filter(
            purpose="fault",
            content_type=ct,
            object_id__in=[loc.pk for loc in locations],
            revoked_at__isnull=True,
        )
    }
    with transaction.atomic():
        for location in locations:
            if location.pk not in existing:
                existing[location.pk] = core.scan_link_create(target=location, purpose="fault")
    return [(location, existing[location.pk]) for location in locations]
