"""The health-consultation room (健康咨询室): expert sessions with a capacity, bookings and
attendance, and consultations logged by type only. A note is kept only with the person's
consent, and never more than they agreed to (SPEC §6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Department, Person, SiteScoped
from houqin.outreach.choices import BookingStatus, ConsultationKind


class Expert(SiteScoped):
    """A doctor or health expert who holds sessions at the centre."""

    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("professional title"), max_length=50, blank=True)
    institution = models.CharField(_("hospital or institution"), max_length=100, blank=True)
    specialty = models.CharField(_("specialty"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("health expert")
        verbose_name_plural = _("health experts")

    def __str__(self):
        return self.name


class HealthSession(SiteScoped):
    """An expert's session (坐诊) with a number of places to book."""

    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("expert")
    )
    topic = models.CharField(_("topic"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("health session")
        verbose_name_plural = _("health sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="healthsession_times"
            )
        ]
        indexes = [models.Index(fields=["site", "starts_at"], name="healthsession_site_start")]

    def __str__(self):
        return f"{self.topic} ({self.expert})"

    def get_absolute_url(self):
        return reverse("outreach:session_detail", kwargs={"pk": self.pk})


class HealthBooking(SiteScoped):
    """A place booked at a session, and whether the person came."""

    session = models.ForeignKey(
        HealthSession, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("session")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    booked_at = models.DateTimeField(_("booked at"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )

    class Meta:
        ordering = ["session", "booked_at"]
        verbose_name = _("session booking")
        verbose_name_plural = _("session bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="healthbooking_once",
            )
        ]

    def __str__(self):
        return f"{self.session} · {self.person}"


class Consultation(BusinessRecord):
    """One consultation (健康咨询, counted in 人次), by type; who and what only with consent."""

    number_prefix = "ZX"

    consulted_at = models.DateTimeField(_("consulted at"))
    session = models.ForeignKey(
        HealthSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=ConsultationKind.choices)
    consent = models.BooleanField(
        _("consents to a record"),
        default=False,
        help_text=_("Without consent only the type and time are kept."),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    note = models.CharField(_("note (with consent)"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )

    class Meta:
        ordering = ["-consulted_at"]
        verbose_name = _("health consultation")
        verbose_name_plural = _("health consultations")
        permissions = [("void_consultation", _("Can void consultations"))]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="consultation_number"),
            models.CheckConstraint(
                condition=Q(consent=True) | Q(person__isnull=True, note=""),
                name="consultation_consent",
            ),
        ]
        indexes = [models.Index(fields=["site", "consulted_at"], name="consultation_site_at")]

    def __str__(self):
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("outreach:consultation_detail", kwargs={"pk": self.pk})
