"""Cameras (电视监控) and their linkage (人机联动): alarms verified by the duty officer or the
patrol; safety hazards (隐患排查) from report to verified closure; the incident register."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Department, Location, SiteScoped
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    AlarmStatus,
    CameraKind,
    CameraStatus,
    HazardCategory,
    HazardGrade,
    HazardSource,
    HazardStatus,
    IncidentKind,
    IncidentStatus,
)


class Camera(SiteScoped):
    """A CCTV camera with its recorder channel."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    kind = models.CharField(_("type"), max_length=10, choices=CameraKind.choices)
    recorder = models.CharField(_("recorder"), max_length=50, blank=True)
    channel = models.PositiveSmallIntegerField(_("recorder channel"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CameraStatus.choices, default=CameraStatus.WORKING
    )

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="camera_site_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("security:camera_detail", kwargs={"pk": self.pk})


class Alarm(BusinessRecord):
    """An alarm or sighting to verify (人机联动), from a camera or a person."""

    number_prefix = "BJ"

    source = models.CharField(_("source"), max_length=10, choices=AlarmSource.choices)
    camera = models.ForeignKey(
        Camera,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alarms",
        verbose_name=_("camera"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    raised_at = models.DateTimeField(_("raised at"))
    description = models.CharField(_("what was seen"), max_length=500)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verification by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AlarmStatus.choices, default=AlarmStatus.OPEN
    )
    result = models.CharField(_("result"), max_length=12, choices=AlarmResult.choices, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verification_note = models.CharField(_("verification note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        permissions = [
            ("void_alarm", _("Can void alarms")),
            ("verify_alarm", _("Can verify alarms")),
        ]
        indexes = [models.Index(fields=["site", "raised_at"], name="alarm_site_raised")]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="alarm_number")]

    def __str__(self):
        return f"{self.number} {self.description[:30]}"

    def get_absolute_url(self):
        return reverse("security:alarm_detail", kwargs={"pk": self.pk})


class Hazard(BusinessRecord):
    """A safety hazard (隐患) from report through rectification to verification by a second
    person and closure; overdue ones escalate to the leadership."""

    number_prefix = "YH"

    source = models.CharField(
        _("source"), max_length=10, choices=HazardSource.choices, default=HazardSource.REPORT
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    place = models.CharField(_("place (if not in the list)"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=500)
    category = models.CharField(_("category"), max_length=12, choices=HazardCategory.choices)
    grade = models.CharField(
        _("grade"), max_length=10, choices=HazardGrade.choices, default=HazardGrade.ORDINARY
    )
    found_at = models.DateTimeField(_("found at"))
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    deadline = models.DateField(_("rectify by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HazardStatus.choices, default=HazardStatus.REPORTED
    )
    rectification = models.TextField(_("rectification"), blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    alarm = models.ForeignKey(
        Alarm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("alarm"),
    )
    camera = models.ForeignKey(
        Camera,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("camera"),
    )

    class Meta:
        ordering = ["-found_at"]
        verbose_name = _("safety hazard")
        verbose_name_plural = _("safety hazards")
        permissions = [
            ("void_hazard", _("Can void hazards")),
            ("rectify_hazard", _("Can record hazard rectification")),
            ("verify_hazard", _("Can verify and close hazards")),
        ]
        indexes = [
            models.Index(fields=["site", "found_at"], name="hazard_site_found"),
            models.Index(
                fields=["site", "deadline"],
                name="hazard_site_unclosed",
                condition=~Q(status="closed"),
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="hazard_number")]

    def __str__(self):
        return f"{self.number} {self.description[:30]}"

    def get_absolute_url(self):
        return reverse("security:hazard_detail", kwargs={"pk": self.pk})


class Incident(BusinessRecord):
    """A criminal case, safety accident or other event, with its follow-up."""

    number_prefix = "SJ"

    kind = models.CharField(_("kind"), max_length=16, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    place = models.CharField(_("place (if not in the list)"), max_length=100, blank=True)
    description = models.TextField(_("what happened"))
    losses = models.CharField(_("injuries and losses"), max_length=300, blank=True)
    reported_to_police = models.BooleanField(_("reported to the police"), default=False)
    follow_up = models.TextField(_("follow-up"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    alarm = models.ForeignKey(
        Alarm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("alarm"),
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        permissions = [("void_incident", _("Can void incidents"))]
        indexes = [models.Index(fields=["site", "kind", "occurred_at"], name="incident_kind")]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="incident_number")]

    def __str__(self):
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("security:incident_detail", kwargs={"pk": self.pk})
