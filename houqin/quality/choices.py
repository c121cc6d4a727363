"""Choices of the quality module."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostKind(models.TextChoices):
    """Service posts whose work is held to a standard (服务岗位)."""

    MEETING = "meeting", _("meeting service")
    CLEANING = "cleaning", _("cleaning")
    GREENING = "greening", _("greening")
    SECURITY = "security", _("security")
    RECEPTION = "reception", _("reception")
    CANTEEN = "canteen", _("canteen")
    MAINTENANCE = "maintenance", _("repair and maintenance")
    OTHER = "other", _("other service")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("to rectify")
    DONE = "done", _("rectified")
    VERIFIED = "verified", _("checked and closed")


class SurveyAudience(models.TextChoices):
    ALL_STAFF = "all_staff", _("all staff of the site")
    DEPARTMENTS = "departments", _("chosen departments")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", pgettext_lazy("survey", "closed")
