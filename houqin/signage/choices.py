"""Choices of the signage module."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScreenKind(models.TextChoices):
    LED = "led", _("lobby LED wall")
    LOBBY = "lobby", _("lobby display")
    ELEVATOR = "elevator", _("elevator panel")
    KIOSK = "kiosk", _("information kiosk")
    OTHER = "other", _("other screen")


class MessageKind(models.TextChoices):
    TEXT = "text", _("text")
    IMAGE = "image", _("image")
    VIDEO = "video", _("video link")


class MessageStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("message", "draft")
    PENDING = "pending", pgettext_lazy("message", "awaiting approval")
    APPROVED = "approved", pgettext_lazy("message", "approved")
    REJECTED = "rejected", pgettext_lazy("message", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("message", "withdrawn")
