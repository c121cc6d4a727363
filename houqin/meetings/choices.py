"""Choices of the meetings module."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoomFeature(models.TextChoices):
    PROJECTOR = "projector", _("projector")
    SCREEN = "screen", _("large display")
    SOUND = "sound", _("sound system")
    VIDEO = "video", _("video conference")
    WHITEBOARD = "whiteboard", _("whiteboard")
    INTERPRETING = "interpreting", _("simultaneous interpreting")
    RECORDING = "recording", _("recording")


class Layout(models.TextChoices):
    """How the room is set out (会场布置)."""

    BOARDROOM = "boardroom", _("boardroom")
    THEATRE = "theatre", _("theatre")
    CLASSROOM = "classroom", _("classroom")
    U_SHAPE = "u_shape", _("U-shape")
    ROUND_TABLE = "round_table", _("round table")


class BookingStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("booking", "awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("booking", "confirmed")
    REJECTED = "rejected", pgettext_lazy("booking", "rejected")
    CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")
    RELEASED = "released", pgettext_lazy("booking", "released (no check-in)")


# Bookings in these states hold their slot: no other booking may overlap them.
HOLDING_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class Frequency(models.TextChoices):
    DAILY = "daily", _("every day")
    WEEKLY = "weekly", _("every week")
    MONTHLY = "monthly", _("every month")


class ServiceItem(models.TextChoices):
    """What the meeting service provides (会议服务项目)."""

    TEA = "tea", _("tea and water")
    NAME_CARDS = "name_cards", _("name cards")
    SOUND = "sound", _("sound")
    PROJECTION = "projection", _("projection")
    BANNER = "banner", _("banner")
    PHOTOGRAPHY = "photography", _("photography")
    VIDEO_CONFERENCE = "video_conference", _("video conference")
    FLOWERS = "flowers", _("flowers")


class WaitStatus(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("waitlist", "waiting")
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    EXPIRED = "expired", _("offer expired")
    CANCELLED = "cancelled", pgettext_lazy("waitlist", "withdrawn")
