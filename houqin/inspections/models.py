"""The inspection engine's records.

A *checkpoint* is a place with a QR label (a core scan link). A *route* visits checkpoints in
order, each expected within a time window after the round starts; *schedules* say when rounds of
a route start each day. A *round* is one walk of a route; each checkpoint visited is a *scan*
(with the server time it arrived and the time it was taken, which differ for scans queued
offline), with *item results* for the route's check items, and *findings* that open a record
in another module (a hazard, a work order) through a registered handler.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Location, ScanLink, SiteScoped
from houqin.inspections.choices import RoundStatus, RouteKind


class Checkpoint(SiteScoped):
    """A place on a route, labelled with a QR code that opens a signed scan link."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=30)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    scan_link = models.OneToOneField(
        ScanLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("scan link"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="checkpoint_site_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("inspections:checkpoint_detail", kwargs={"pk": self.pk})


class Route(SiteScoped):
    """An ordered walk of checkpoints, of one kind (patrol, cleaning, …)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=RouteKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("time allowed (minutes)"),
        default=60,
        help_text=_("A round is late when its last checkpoint is scanned after this time."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "kind", "name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:route_detail", kwargs={"pk": self.pk})


class RouteStop(models.Model):
    """A checkpoint's place on a route and the window in which it is due."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="stops", verbose_name=_("route")
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="stops", verbose_name=_("checkpoint")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    offset_minutes = models.PositiveSmallIntegerField(_("due after start (minutes)"), default=0)
    window_minutes = models.PositiveSmallIntegerField(_("window (minutes)"), default=30)

    class Meta:
        ordering = ["route", "position"]
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="routestop_position"),
            models.UniqueConstraint(fields=["route", "checkpoint"], name="routestop_checkpoint"),
        ]

    def __str__(self):
        return f"{self.route} #{self.position}: {self.checkpoint}"


class RouteSchedule(models.Model):
    """A daily start time of a route's rounds (three patrol shifts a day by default)."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("route")
    )
    name = models.CharField(_("name"), max_length=50)
    start_time = models.TimeField(_("start time"))

    class Meta:
        ordering = ["route", "start_time"]
        verbose_name = _("round schedule")
        verbose_name_plural = _("round schedules")
        constraints = [
            models.UniqueConstraint(fields=["route", "start_time"], name="routeschedule_time")
        ]

    def __str__(self):
        return f"{self.route} {self.start_time:%H:%M}"


class CheckItem(models.Model):
    """A pass/fail item checked at a stop (or at every stop when no checkpoint is named)."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="items", verbose_name=_("route")
    )
    checkpoint = models.ForeignKey(
        Checkpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checkpoint"),
    )
    text = models.CharField(_("check item"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["route", "position", "id"]
        verbose_name = _("check item")
        verbose_name_plural = _("check items")

    def __str__(self):
        return self.text


class Round(BusinessRecord):
    """One walk of a route, due from ``starts_at``; its status follows from its scans."""

    number_prefix = "XL"

    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("route")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RouteKind.choices, editable=False)
    starts_at = models.DateTimeField(_("due from"))
    ends_at = models.DateTimeField(_("due by"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    walked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("walked by"),
    )
    first_scan_at = models.DateTimeField(_("first scan"), null=True, blank=True)
    last_scan_at = models.DateTimeField(_("last scan"), null=True, blank=True)
    scans_done = models.PositiveSmallIntegerField(_("checkpoints scanned"), default=0)
    stops_total = models.PositiveSmallIntegerField(_("checkpoints on route"), default=0)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        permissions = [("void_round", _("Can void rounds")), ("scan_round", _("Can walk rounds"))]
        indexes = [
            models.Index(fields=["site", "kind", "starts_at"], name="round_site_kind_start"),
            models.Index(
                fields=["site", "status"],
                name="round_site_open",
                condition=Q(status="open"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="round_number"),
            models.UniqueConstraint(
                fields=["route", "starts_at"],
                condition=Q(voided_at__isnull=True),
                name="round_route_start",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.route}"

    def get_absolute_url(self):
        return reverse("inspections:round_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        """True while scans are still accepted."""
        return self.status == RoundStatus.OPEN and timezone.now() < self.ends_at


class Scan(SiteScoped):
    """A checkpoint visited on a round: when it was taken, when it arrived, by whom."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="scans", verbose_name=_("round")
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="scans", verbose_name=_("checkpoint")
    )
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scanned by"),
    )
    queued = models.BooleanField(_("sent after reconnecting"), default=False)
    in_order = models.BooleanField(_("in order"), default=True)
    on_time = models.BooleanField(_("on time"), default=True)

    class Meta:
        ordering = ["round", "scanned_at"]
        verbose_name = _("checkpoint scan")
        verbose_name_plural = _("checkpoint scans")
        indexes = [models.Index(fields=["site", "scanned_at"], name="scan_site_time")]
        constraints = [
            models.UniqueConstraint(fields=["round", "checkpoint"], name="scan_round_checkpoint")
        ]

    def __str__(self):
        return f"{self.round} · {self.checkpoint}"


class ItemResult(models.Model):
    """The outcome of one check item at one scan."""

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="results", verbose_name=_("scan")
    )
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, verbose_name=_("check item"))
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        constraints = [
            models.UniqueConstraint(fields=["scan", "item"], name="itemresult_scan_item")
        ]

    def __str__(self):
        return f"{self.item}: {self.passed}"


class Finding(SiteScoped):
    """Something found on a round; a module's handler turns it into its own record."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="findings", verbose_name=_("round")
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("checkpoint")
    )
    description = models.CharField(_("description"), max_length=500)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    opened_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.description[:50]
