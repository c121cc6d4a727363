"""Screens and the messages shown on them. A screen's display page is public, found by its
secret token; a message is shown only once approved and within its validity window. A message
broadcast to many screens is one message (one 图文信息 in the year's figures)."""

import secrets

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.models import BusinessRecord, Location, SiteScoped
from houqin.signage.choices import MessageKind, MessageStatus, ScreenKind


def new_screen_token() -> str:
    return secrets.token_urlsafe(24)


class Screen(SiteScoped):
    """A display (lobby LED, elevator panel …) and its public page's secret token."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=ScreenKind.choices)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    token = models.CharField(
        _("display token"), max_length=64, unique=True, default=new_screen_token, editable=False
    )
    refresh_seconds = models.PositiveSmallIntegerField(
        _("check for new messages every (seconds)"), default=60
    )
    is_portrait = models.BooleanField(_("portrait"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    last_seen_at = models.DateTimeField(_("last shown at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["site", "code"]
        verbose_name = _("screen")
        verbose_name_plural = _("screens")
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="screen_code")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("signage:screen_detail", kwargs={"pk": self.pk})


class Message(BusinessRecord):
    """A text, image or video message for some screens (or all of the site's) for a while."""

    number_prefix = "TW"

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=MessageKind.choices)
    body = models.TextField(_("text"), blank=True)
    image = models.ImageField(_("image"), upload_to="signage/%Y/%m/", blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    valid_from = models.DateTimeField(_("shown from"))
    valid_until = models.DateTimeField(_("shown until"))
    seconds = models.PositiveSmallIntegerField(_("seconds on screen"), default=15)
    all_screens = models.BooleanField(_("every screen of the site"), default=False)
    screens = models.ManyToManyField(
        Screen, blank=True, related_name="messages", verbose_name=_("screens")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.DRAFT
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("screen message")
        verbose_name_plural = _("screen messages")
        permissions = [("void_message", _("Can void screen messages"))]
        indexes = [
            models.Index(fields=["site", "valid_from"], name="message_site_from"),
            models.Index(
                fields=["site", "valid_until"],
                name="message_site_live",
                condition=Q(status="approved", voided_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="message_number"),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")), name="message_window"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("signage:message_detail", kwargs={"pk": self.pk})
