"""Training sessions (学习培训) and who attended them: each person's training record is the
sum of their attendances."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped

HOURS = {"max_digits": 5, "decimal_places": 1}


class TrainingSession(BusinessRecord):
    """A training session: topic, trainer, when, how long, where; materials are attachments."""

    number_prefix = "PX"

    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=100)
    organiser = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organised by"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    hours = models.DecimalField(_("hours"), **HOURS)
    place = models.CharField(_("place"), max_length=100, blank=True)
    is_external = models.BooleanField(
        _("outside training"), default=False, help_text=_("Staff sent to training elsewhere.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        permissions = [("void_trainingsession", _("Can void training sessions"))]
        indexes = [models.Index(fields=["site", "starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="team_training_number"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="team_training_hours_positive"),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("team:training_detail", kwargs={"pk": self.pk})


class Attendance(SiteScoped):
    """A person at a training session, for the session's hours unless fewer are given."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("training session"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("person")
    )
    hours = models.DecimalField(_("hours"), **HOURS)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["session", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="team_attendance_once"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="team_attendance_hours_positive"),
        ]

    def __str__(self):
        return f"{self.session} · {self.person}"
