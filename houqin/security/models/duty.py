"""The 24-hour duty (值班执勤): posts, shifts, who may stand which post, absences, special
protection periods (特防期), monthly rosters with their assignments, swap requests, and the
duty log with its handover (交接班)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Location, Person, SiteScoped
from houqin.security.choices import AbsenceReason, PostKind, RosterStatus, SwapStatus


class DutyPost(SiteScoped):
    """A post to be manned on every shift (the gate, the fire-control room, …)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=PostKind.choices)
    staff_per_shift = models.PositiveSmallIntegerField(
        _("people per shift"),
        default=1,
        help_text=_("The fire-control room needs two people on every shift."),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    qualified = models.ManyToManyField(
        Person, blank=True, related_name="duty_posts", verbose_name=_("qualified people")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "position", "name"]
        verbose_name = _("duty post")
        verbose_name_plural = _("duty posts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("security:dutypost_detail", kwargs={"pk": self.pk})


class DutyShift(SiteScoped):
    """A shift of the site's pattern, e.g. 08:00 for 8 hours; night shifts are marked."""

    name = models.CharField(_("name"), max_length=30)
    start_time = models.TimeField(_("start time"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=8)
    is_night = models.BooleanField(_("night shift"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "position", "start_time"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=1, hours__lte=24), name="dutyshift_hours")
        ]

    def __str__(self):
        return f"{self.name} {self.start_time:%H:%M}"

    def get_absolute_url(self):
        return reverse("security:dutyshift_detail", kwargs={"pk": self.pk})


class Absence(SiteScoped):
    """Leave or other unavailability: the roster gives the person no shift on these days."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="absences", verbose_name=_("person")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=10, choices=AbsenceReason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["site", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="absence_dates"
            )
        ]

    def __str__(self):
        return f"{self.person} {self.start_date}–{self.end_date}"

    def get_absolute_url(self):
        return reverse("security:absence_detail", kwargs={"pk": self.pk})


class SpecialPeriod(SiteScoped):
    """A special protection period (特防期): every shift needs a leader on duty (带班)."""

    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to (inclusive)"))

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("special protection period")
        verbose_name_plural = _("special protection periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="specialperiod_dates"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("security:specialperiod_detail", kwargs={"pk": self.pk})


class Roster(BusinessRecord):
    """A month's duty roster for a site: generated, edited, then published."""

    number_prefix = "PB"

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    solve_seconds = models.DecimalField(
        _("generation time (s)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    fairness_spread = models.PositiveSmallIntegerField(
        _("spread of unsocial shifts"), null=True, blank=True
    )
    optimality_gap = models.DecimalField(
        _("optimality gap"), max_digits=6, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("duty roster")
        verbose_name_plural = _("duty rosters")
        permissions = [
            ("void_roster", _("Can void duty rosters")),
            ("publish_roster", _("Can publish duty rosters")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="roster_number"),
            models.UniqueConstraint(
                fields=["site", "month"],
                condition=Q(voided_at__isnull=True),
                name="roster_site_month",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("security:roster_detail", kwargs={"pk": self.pk})


class Assignment(SiteScoped):
    """A person on a post for one shift of one day; ``is_leader`` marks the 带班 leader."""

    roster = models.ForeignKey(
        Roster, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("roster")
    )
    date = models.DateField(_("date"))
    shift = models.ForeignKey(DutyShift, on_delete=models.PROTECT, verbose_name=_("shift"))
    post = models.ForeignKey(
        DutyPost, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("post")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="duty_assignments", verbose_name=_("person")
    )
    is_leader = models.BooleanField(_("leader on duty"), default=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["date", "shift__position", "post__position"]
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        indexes = [
            models.Index(fields=["site", "date"], name="assignment_site_date"),
            models.Index(fields=["person", "starts_at"], name="assignment_person_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "date", "shift", "person"], name="assignment_one_post"
            ),
            models.CheckConstraint(
                condition=Q(is_leader=True) | Q(post__isnull=False),
                name="assignment_post_or_leader",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.shift} {self.post or _('leader on duty')}: {self.person}"


class SwapRequest(BusinessRecord):
    """A request to hand one's shift to someone else, approved by the duty manager."""

    number_prefix = "TB"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="swaps", verbose_name=_("shift")
    )
    replacement = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("replacement")
    )
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        permissions = [
            ("void_swaprequest", _("Can void swap requests")),
            ("decide_swaprequest", _("Can approve swap requests")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="swaprequest_number")
        ]

    def __str__(self):
        return f"{self.number} {self.assignment}"

    def get_absolute_url(self):
        return reverse("security:swaprequest_detail", kwargs={"pk": self.pk})


class DutyLog(BusinessRecord):
    """The duty record of one shift (值班记录), handed over to the next shift (交接班)."""

    number_prefix = "ZB"

    date = models.DateField(_("date"))
    shift = models.ForeignKey(DutyShift, on_delete=models.PROTECT, verbose_name=_("shift"))
    post = models.ForeignKey(
        DutyPost, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("post")
    )
    on_duty = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on duty"),
    )
    summary = models.TextField(_("summary of the shift"), blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-shift__start_time"]
        verbose_name = _("duty log")
        verbose_name_plural = _("duty logs")
        permissions = [("void_dutylog", _("Can void duty logs"))]
        indexes = [models.Index(fields=["site", "date"], name="dutylog_site_date")]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="dutylog_number"),
            models.UniqueConstraint(
                fields=["site", "date", "shift", "post"],
                condition=Q(voided_at__isnull=True),
                name="dutylog_one_per_shift",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.date} {self.shift}"

    def get_absolute_url(self):
        return reverse("security:dutylog_detail", kwargs={"pk": self.pk})


class DutyLogEntry(SiteScoped):
    """An event noted during a shift."""

    log = models.ForeignKey(
        DutyLog, on_delete=models.CASCADE, related_name="entries", verbose_name=_("duty log")
    )
    at = models.DateTimeField(_("time"))
    text = models.CharField(_("event"), max_length=500)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("noted by"),
    )

    class Meta:
        ordering = ["log", "at"]
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log entries")

    def __str__(self):
        return self.text[:50]
