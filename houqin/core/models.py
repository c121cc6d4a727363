"""Core data: sites and their places, departments, people, accounts and per-site roles, plus the
pieces every module shares (record numbers, attachments, domain events, notifications, scan links).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.querysets import RestrictedQuerySet


class User(AbstractUser):
    """A login account. What it may do, and where, comes from its memberships."""

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username


class Site(models.Model):
    """A compound (院区): the unit every business record belongs to and every query filters by."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name


class SiteScoped(models.Model):
    """Abstract base of everything that belongs to one site (and is distributed by it)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, verbose_name=_("site"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class Building(SiteScoped):
    """A building of a compound."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="building_code_unique_per_site")
        ]

    def __str__(self):
        return self.name


class Floor(SiteScoped):
    """A floor of a building."""

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="floors", verbose_name=_("building")
    )
    level = models.SmallIntegerField(_("floor number"))
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["building", "level"]
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        constraints = [
            models.UniqueConstraint(fields=["building", "level"], name="floor_level_unique")
        ]

    def __str__(self):
        return f"{self.building.name} {self.name}"


class Location(SiteScoped):
    """A room or place (gate, hall, plant room) where things happen and faults are reported."""

    class Kind(models.TextChoices):
        ROOM = "room", _("room")
        GATE = "gate", _("gate")
        OUTDOOR = "outdoor", _("outdoor area")
        PLANT = "plant", _("plant room")
        OTHER = "other", _("other")

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("building")
    )
    floor = models.ForeignKey(
        Floor, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("floor")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROOM)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="location_code_unique_per_site")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:location_detail", kwargs={"pk": self.pk})


class Department(SiteScoped):
    """A department (科室/单位) housed in the compound."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("parent")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="department_code_unique_per_site")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:department_detail", kwargs={"pk": self.pk})


class Person(SiteScoped):
    """A member of staff, with or without a login account."""

    class Rank(models.TextChoices):
        STAFF = "staff", _("staff")
        MIDDLE = "middle", _("middle management")
        LEADER = "leader", _("bureau leader")

    name = models.CharField(_("full name"), max_length=50)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("department")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    employee_no = models.CharField(_("employee number"), max_length=30, blank=True)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    rank = models.CharField(_("rank"), max_length=10, choices=Rank.choices, default=Rank.STAFF)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "department", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["site", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:person_detail", kwargs={"pk": self.pk})


class Membership(models.Model):
    """A role held by a user at a site: permissions are per role and per site (SPEC §1)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user account"),
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, verbose_name=_("site"))
    role = models.ForeignKey(Group, on_delete=models.PROTECT, verbose_name=_("role"))

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "site", "role"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.site} · {self.role}"


class BusinessRecord(SiteScoped):
    """Abstract base of a business record: numbered, attributed, voided with a reason."""

    number_prefix = "REC"
    created_verb = _("created")

    number = models.CharField(_("number"), max_length=32, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("void reason"), max_length=200, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        """True once the record has been voided."""
        return self.voided_at is not None


class Sequence(models.Model):
    """The last number issued per site, prefix and year (for numbers like FK-2006-00123)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, verbose_name=_("site"))
    prefix = models.CharField(_("prefix"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["site", "prefix", "year"], name="sequence_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_value}"


MIME_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def attachment_path(instance, filename: str) -> str:
    """A random stored name with the extension of the detected type (never the uploader's name,
    which could be guessed or claim another type)."""
    now = timezone.now()
    ext = MIME_EXTENSIONS.get(instance.mime_type, ".bin")
    return f"attachments/{instance.site_id}/{now:%Y/%m}/{secrets.token_hex(16)}{ext}"


class Attachment(SiteScoped):
    """A photo or scan attached to any record; type and size are checked on upload."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("uploaded by"),
        help_text=_("Empty for a photo sent with a report made without an account."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name


class Event(SiteScoped):
    """A domain event written by a service (check-in, approval, handover, reveal, purge …)."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    verb = models.CharField(_("event"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb}"


class Notification(SiteScoped):
    """An in-app message to one user; unread ones are gathered into the daily digest."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    level = models.CharField(_("level"), max_length=10, default="info")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


def new_scan_token() -> str:
    """A random, URL-safe token for a scan link (signed again when rendered into a URL)."""
    return secrets.token_urlsafe(18)


class ScanLink(SiteScoped):
    """A stable, signed, revocable link to a thing, printed as a QR code (SPEC §2a)."""

    token = models.CharField(_("token"), max_length=40, unique=True, default=new_scan_token)
    purpose = models.CharField(_("use"), max_length=30)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(_("maximum uses"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("times used"), default=0)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scan link")
        verbose_name_plural = _("scan links")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.purpose}:{self.token[:6]}…"
