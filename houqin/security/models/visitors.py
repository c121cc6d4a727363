"""Visitor registration at the gate (外来人员出入登记): visits, invitations, the blacklist.

ID numbers and phone numbers are stored encrypted (``*_enc``) with a keyed hash of the ID number
(``id_hash``) for matching; they are shown masked, and erased by the retention purge while the
rows, and so every count, stay.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Department, Location, Person, ScanLink
from houqin.security.choices import IdTypeChoices, VisitPurpose, VisitStatus


class PersonalDataMixin(models.Model):
    """The personal fields of a visitor, encrypted, with masked read access."""

    visitor_name = models.CharField(_("visitor name"), max_length=50)
    id_type = models.CharField(
        _("ID type"),
        max_length=12,
        choices=IdTypeChoices.choices,
        default=IdTypeChoices.RESIDENT_ID,
    )
    id_number_enc = models.TextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_hash = models.CharField(_("ID number hash"), max_length=64, blank=True, editable=False)
    phone_enc = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    # The masked forms every list shows, kept so that a page or an export of the ledger needs no
    # decryption; they hide the birth date and the middle of the phone number.
    id_mask = models.CharField(_("ID number (masked)"), max_length=30, blank=True, editable=False)
    phone_mask = models.CharField(_("phone (masked)"), max_length=30, blank=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    pii_purged_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def id_number_masked(self) -> str:
        """The ID number with its middle hidden, or a note once erased."""
        if self.pii_purged_at:
            return str(_("(erased)"))
        return self.id_mask

    @property
    def phone_masked(self) -> str:
        """The phone number with its middle hidden."""
        if self.pii_purged_at:
            return str(_("(erased)"))
        return self.phone_mask


class Invitation(PersonalDataMixin, BusinessRecord):
    """A host's pre-registration of a visitor, carried as a signed, single-use QR code."""

    number_prefix = "YQ"

    host_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("host")
    )
    host_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("host department")
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=VisitPurpose.choices)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    expected_at = models.DateTimeField(_("expected arrival"))
    valid_until = models.DateTimeField(_("valid until"))
    scan_link = models.OneToOneField(
        ScanLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("scan link"),
    )

    class Meta:
        ordering = ["-expected_at"]
        verbose_name = _("visitor invitation")
        verbose_name_plural = _("visitor invitations")
        permissions = [
            ("void_invitation", _("Can void visitor invitations")),
            ("admit_invitation", _("Can admit visitors through an invitation")),
        ]
        indexes = [models.Index(fields=["site", "expected_at"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="invitation_number_unique"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("expected_at")),
                name="invitation_valid_after_expected",
            ),
        ]

    def __str__(self):
        # The number only: str() is copied into history and links, which must not keep a
        # visitor's name after the retention purge.
        return self.number

    def get_absolute_url(self):
        return reverse("security:invitation_detail", kwargs={"pk": self.pk})


class Visit(PersonalDataMixin, BusinessRecord):
    """One registration at the gate: a check-in, a check-out, or an entry refused (登记台帐)."""

    number_prefix = "FK"
    created_verb = _("checked in")

    host_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host department"),
    )
    host_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host"),
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=VisitPurpose.choices)
    purpose_detail = models.CharField(_("purpose details"), max_length=200, blank=True)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    # Survives the retention purge, which erases the plate, so the vehicle count stays.
    has_vehicle = models.BooleanField(_("came by vehicle"), default=False)
    items_carried = models.CharField(_("items carried"), max_length=200, blank=True)
    gate = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gate"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=VisitStatus.choices, default=VisitStatus.INSIDE
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked out by"),
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit",
        verbose_name=_("invitation"),
    )
    blacklist_entry = models.ForeignKey(
        "security.BlacklistEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refusals",
        verbose_name=_("blacklist entry"),
    )

    class Meta:
        ordering = ["-checked_in_at"]
        verbose_name = _("visitor registration")
        verbose_name_plural = _("visitor registrations")
        permissions = [
            ("void_visit", _("Can void visitor registrations")),
            ("import_visit", _("Can import visitor ledgers")),
            ("reveal_visit_pii", _("Can reveal visitors' ID and phone numbers")),
        ]
        indexes = [
            models.Index(fields=["site", "checked_in_at"], name="visit_site_checkin"),
            models.Index(fields=["site", "status", "checked_in_at"], name="visit_site_status"),
            models.Index(
                fields=["site", "host_department", "checked_in_at"], name="visit_site_dept"
            ),
            models.Index(fields=["site", "id_hash"], name="visit_site_idhash"),
            # The gate's "inside now": a handful of rows among millions, found without
            # depending on the planner's statistics.
            models.Index(
                fields=["site", "checked_in_at"],
                condition=Q(status="inside"),
                name="visit_site_inside",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="visit_number_unique"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=F("checked_in_at")),
                name="visit_checkout_after_checkin",
            ),
            models.CheckConstraint(condition=Q(companions__lte=200), name="visit_companions_range"),
        ]

    def __str__(self):
        # The number only: str() is copied into history and links, which must not keep a
        # visitor's name after the retention purge.
        return self.number

    def get_absolute_url(self):
        return reverse("security:visit_detail", kwargs={"pk": self.pk})

    @property
    def persons(self) -> int:
        """The visitor plus companions."""
        return 1 + self.companions


class BlacklistEntry(BusinessRecord):
    """A person refused entry; matched at check-in by the keyed hash of the ID number."""

    number_prefix = "HMD"

    name = models.CharField(_("full name"), max_length=50)
    id_type = models.CharField(
        _("ID type"),
        max_length=12,
        choices=IdTypeChoices.choices,
        default=IdTypeChoices.RESIDENT_ID,
    )
    id_hash = models.CharField(_("ID number hash"), max_length=64, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=30, editable=False)
    reason = models.CharField(_("reason"), max_length=200)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist")
        permissions = [("void_blacklistentry", _("Can void blacklist entries"))]
        indexes = [models.Index(fields=["site", "id_hash"], name="blacklist_site_idhash")]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="blacklist_number_unique")
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("security:blacklistentry_detail", kwargs={"pk": self.pk})
