"""Meeting rooms with their booking rules, bookings (each occurrence of a repeating meeting is
its own booking, checked for conflicts on its own), the waitlist, and the service items a
booking asks for. Two holding bookings of a room never overlap: on PostgreSQL an exclusion
constraint refuses it (migration 0002, PostgreSQL only), and on every database the booking
service checks inside a write-locked transaction."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.models import BusinessRecord, Department, Location, SiteScoped
from houqin.meetings.choices import (
    BookingStatus,
    Frequency,
    Layout,
    ServiceItem,
    WaitStatus,
)


class Room(SiteScoped):
    """A meeting room and its rules."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    capacity = models.PositiveSmallIntegerField(_("seats"))
    features = models.JSONField(_("equipment"), default=list, blank=True)
    layouts = models.JSONField(_("possible layouts"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Rules
    opens_at = models.TimeField(_("bookable from"), default="08:00")
    closes_at = models.TimeField(_("bookable until"), default="21:00")
    max_days_ahead = models.PositiveSmallIntegerField(_("bookable days ahead"), default=60)
    max_minutes = models.PositiveSmallIntegerField(_("longest booking (minutes)"), default=480)
    requires_approval = models.BooleanField(_("approval required"), default=False)
    allowed_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="+",
        verbose_name=_("departments that may book"),
        help_text=_("Empty: every member of staff may book."),
    )
    check_in_minutes = models.PositiveSmallIntegerField(
        _("released without check-in after (minutes)"), default=15
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="room_code")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:room_detail", kwargs={"pk": self.pk})


class Blackout(SiteScoped):
    """A period when a room (or every room of the site) cannot be booked."""

    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="blackouts",
        verbose_name=_("room"),
        help_text=_("Empty: every room of the site."),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["site", "starts_at"]
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="blackout_times")
        ]

    def __str__(self):
        return self.reason


class Series(SiteScoped):
    """A repeating meeting: the rule its occurrences were made from, and the dates skipped."""

    frequency = models.CharField(_("repeats"), max_length=8, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("every"), default=1)
    weekdays = models.JSONField(
        _("on weekdays"), default=list, blank=True, help_text=_("0 = Monday … 6 = Sunday")
    )
    until = models.DateField(_("until"))
    exceptions = models.JSONField(_("dates skipped"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("repeating meeting")
        verbose_name_plural = _("repeating meetings")

    def __str__(self):
        return f"{self.get_frequency_display()} → {self.until}"


class Booking(BusinessRecord):
    """One meeting in one room at one time (a single occurrence of a series)."""

    number_prefix = "HY"

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("repeating meeting"),
    )
    title = models.CharField(pgettext_lazy("booking", "meeting"), max_length=200)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    attendees = models.PositiveSmallIntegerField(_("number of attendees"))
    attendee_names = models.TextField(_("attendees (names)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    layout = models.CharField(
        _("layout"), max_length=12, choices=Layout.choices, default=Layout.BOARDROOM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    checked_in_at = models.DateTimeField(
        pgettext_lazy("booking", "checked in at"), null=True, blank=True
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    served_at = models.DateTimeField(
        _("service completed at"),
        null=True,
        blank=True,
        help_text=_("Set when every service item is done: one meeting service (会议服务)."),
    )
    note = models.TextField(_("note for the service staff"), blank=True)
    rating = models.PositiveSmallIntegerField(_("service rating (1–5)"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    ics_uid = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        permissions = [
            ("void_booking", _("Can void bookings")),
            ("book_for_others", _("Can book and cancel for any organiser")),
        ]
        indexes = [
            models.Index(fields=["room", "starts_at"], name="booking_room_start"),
            # "is the room free from start to end" reads bookings ending after the start
            models.Index(fields=["room", "ends_at"], name="booking_room_end"),
            models.Index(fields=["site", "starts_at"], name="booking_site_start"),
            models.Index(fields=["organiser", "starts_at"], name="booking_organiser"),
            models.Index(
                fields=["site", "served_at"],
                name="booking_site_served",
                condition=Q(served_at__isnull=False),
            ),
            # the organisers' ratings of a period (the satisfaction rate, the meeting rating)
            models.Index(
                fields=["site", "rated_at"],
                name="booking_site_rated",
                condition=Q(rated_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="booking_number"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_times"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="booking_rating_range",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.room})"

    def get_absolute_url(self):
        return reverse("meetings:booking_detail", kwargs={"pk": self.pk})


class BookingService(SiteScoped):
    """A service item a booking asks for (tea and water, name cards …) and when it was done."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="services", verbose_name=_("booking")
    )
    item = models.CharField(_("service"), max_length=20, choices=ServiceItem.choices)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        ordering = ["booking", "item"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        permissions = [("serve_bookingservice", _("Can carry out meeting service"))]
        constraints = [
            models.UniqueConstraint(fields=["booking", "item"], name="bookingservice_once")
        ]

    def __str__(self):
        return self.get_item_display()


class WaitlistEntry(SiteScoped):
    """Someone waiting for a room at a time that is taken; offered the slot when it frees."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("room")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    title = models.CharField(pgettext_lazy("booking", "meeting"), max_length=200)
    attendees = models.PositiveSmallIntegerField(_("number of attendees"), default=1)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=10, choices=WaitStatus.choices, default=WaitStatus.WAITING
    )
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    booking = models.ForeignKey(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booking made"),
    )

    class Meta:
        ordering = ["room", "starts_at", "created_at"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist")
        indexes = [models.Index(fields=["room", "status", "starts_at"], name="waitlist_room")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="waitlist_times")
        ]

    def __str__(self):
        return f"{self.title} ({self.room})"
