"""The meeting service (会议服务): the service staff carry out each item a booking asks for;
when the last item is done the booking is served (one meeting service) and its organiser is
asked to rate the service. The organiser or a meeting manager may add or remove items before
the meeting starts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.permissions import has_perm_at
from houqin.meetings.choices import HOLDING_STATUSES, BookingStatus, ServiceItem
from houqin.meetings.models import Booking, BookingService

SERVE_PERM = "meetings.serve_bookingservice"
MANAGE_PERM = "meetings.book_for_others"
MAX_QUANTITY = 1000
_BOOKING_STATE = ("status", "voided_at", "starts_at", "served_at", "rated_at", "organiser_id")


def _relock_booking(booking: Booking) -> None:
    """Lock the booking's row and read its state afresh, so two people acting on it at the same
    moment cannot both pass the same check."""
    fresh = Booking.objects.select_for_update().only(*_BOOKING_STATE).get(pk=booking.pk)
    for name in _BOOKING_STATE:
        setattr(booking, name, getattr(fresh, name))


def _relock_service(service: BookingService) -> None:
    fresh = BookingService.objects.select_for_update().only("done_at", "done_by_id")
    fresh = fresh.get(pk=service.pk)
    service.done_at, service.done_by_id = fresh.done_at, fresh.done_by_id


def _check_serviceable(booking: Booking) -> None:
    """Only a confirmed, not void booking is served."""
    if booking.voided_at is not None:
        raise ValidationError(_("This booking is void."))
    if booking.status != BookingStatus.CONFIRMED:
        raise ValidationError(
            _("The service cannot be recorded: the booking is %(status)s.")
            % {"status": BookingStatus(booking.status).label}
        )


def _require_server(user, booking: Booking) -> None:
    if not has_perm_at(user, SERVE_PERM, booking.site_id):
        raise ValidationError(_("Only the service staff of this site may do this."))


def service_item_done(*, service: BookingService, by) -> BookingService:
    """Record one service item as done; the booking is served when it was the last one."""
    booking = service.booking
    with transaction.atomic():
        _relock_booking(booking)
        _relock_service(service)
        _require_server(by, booking)
        _check_serviceable(booking)
        if timezone.localdate() < timezone.localdate(booking.starts_at):
            raise ValidationError(_("A service item cannot be done before the day of the meeting."))
        if service.done_at is not None:
            raise ValidationError(
                _("%(item)s is already done.") % {"item": service.get_item_display()}
            )
        service.done_at, service.done_by = timezone.now(), by
        service.save(update_fields=["done_at", "done_by"])
        core.event_record(
            site=booking.site, verb="serve", actor=by, target=booking, detail=str(service)
        )
        _update_served(booking, by)
    return service


def service_item_undo(*, service: BookingService, by) -> BookingService:
    """Take back an item marked done by mistake (the same day only, before the rating)."""
    booking = service.booking
    with transaction.atomic():
        _relock_booking(booking)
        _relock_service(service)
        _require_server(by, booking)
        if service.done_at is None:
            raise ValidationError(_("%(item)s is not done.") % {"item": service.get_item_display()})
        if timezone.localdate(service.done_at) != timezone.localdate():
            raise ValidationError(_("An item can only be taken back on the day it was done."))
        if booking.rated_at is not None:
            raise ValidationError(_("The organiser has already rated this service."))
        service.done_at, service.done_by = None, None
        service.save(update_fields=["done_at", "done_by"])
        core.event_record(
            site=booking.site, verb="unserve", actor=by, target=booking, detail=str(service)
        )
        _update_served(booking, by)
    return service


def _update_served(booking: Booking, by) -> None:
    """Set or clear ``served_at`` from the items: served when it has items and all are done.
    A booking without items is never a served meeting."""
    counts = booking.services.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(done_at__isnull=True))
    )
    served = counts["total"] > 0 and counts["open"] == 0
    if served and booking.served_at is None:
        booking.served_at = timezone.now()
        booking.save(update_fields=["served_at"])
        core.event_record(site=booking.site, verb="served", actor=by, target=booking)
        _ask_for_rating(booking)
    elif not served and booking.served_at is not None:
        booking.served_at = None
        booking.save(update_fields=["served_at"])


def _ask_for_rating(booking: Booking) -> None:
    core.notify(
        site=booking.site,
        recipients=[booking.organiser],
        title=_("Meeting service done for %(title)s: please rate it") % {"title": booking.title},
        body=booking.number,
        url=reverse("meetings:booking_rate", kwargs={"pk": booking.pk}),
    )


# Items asked for before the meeting ------------------------------------------------------------


def _require_organiser_or_manager(user, booking: Booking) -> None:
    if booking.organiser_id != getattr(user, "pk", None) and not has_perm_at(
        user, MANAGE_PERM, booking.site_id
    ):
        raise ValidationError(_("Only the organiser or a meeting manager may change the service."))


def _check_changeable(booking: Booking) -> None:
    if booking.voided_at is not None:
        raise ValidationError(_("This booking is void."))
    if booking.status not in HOLDING_STATUSES:
        raise ValidationError(
            _("The service cannot be changed: the booking is %(status)s.")
            % {"status": BookingStatus(booking.status).label}
        )
    if booking.starts_at <= timezone.now():
        raise ValidationError(_("The service cannot be changed once the meeting has started."))


def _check_line(item: str, quantity, note: str) -> tuple[int, str]:
    if item not in ServiceItem.values:
        raise ValidationError({"item": _("Choose a service from the list.")})
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        quantity = 0
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": _("Enter a quantity from 1 to 1000.")})
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": _("Keep the note under 200 characters.")})
    return quantity, note


def service_add(
    *, booking: Booking, by, item: str, quantity: int = 1, note: str = ""
) -> BookingService:
    """Ask for one more service item on a booking that has not started."""
    quantity, note = _check_line(item, quantity, note)
    with transaction.atomic():
        _relock_booking(booking)
        _require_organiser_or_manager(by, booking)
        _check_changeable(booking)
        if booking.services.filter(item=item).exists():
            raise ValidationError(
                {"item": _("%(item)s is already asked for.") % {"item": ServiceItem(item).label}}
            )
        service = BookingService.objects.create(
            site_id=booking.site_id, booking=booking, item=item, quantity=quantity, note=note
        )
        core.event_record(
            site=booking.site, verb="service_add", actor=by, target=booking, detail=str(service)
        )
        _update_served(booking, by)
    return service


def service_remove(*, service: BookingService, by) -> None:
    """Withdraw a service item from a booking that has not started."""
    booking = service.booking
    with transaction.atomic():
        _relock_booking(booking)
        _require_organiser_or_manager(by, booking)
        _check_changeable(booking)
        label = str(service)
        service.delete()
        core.event_record(
            site=booking.site, verb="service_remove", actor=by, target=booking, detail=label
        )
        _update_served(booking, by)


# The organiser's rating ------------------------------------------------------------------------


def _check_rating(rating) -> int:
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    return value


def booking_rate(*, booking: Booking, by, rating, comment: str = "") -> Booking:
    """The organiser rates the meeting service (1–5), once, after it is served."""
    rating = _check_rating(rating)
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": _("Keep the comment under 300 characters.")})
    with transaction.atomic():
        _relock_booking(booking)
        if booking.organiser_id != getattr(by, "pk", None):
            raise ValidationError(_("Only the organiser may rate the meeting service."))
        if booking.voided_at is not None:
            raise ValidationError(_("This booking is void."))
        if booking.served_at is None:
            raise ValidationError(_("The meeting service is not complete yet."))
        if booking.rated_at is not None:
            raise ValidationError(_("You have already rated this meeting service."))
        booking.rating, booking.rating_comment = rating, comment
        booking.rated_at = timezone.now()
        booking.save(update_fields=["rating", "rating_comment", "rated_at"])
        detail = f"{rating}/5 {comment}".strip()
        core.event_record(site=booking.site, verb="rate", actor=by, target=booking, detail=detail)
    return booking
