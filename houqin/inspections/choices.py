"""Choices of the inspection engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RouteKind(models.TextChoices):
    """What a route's rounds are; each module owns its kinds."""

    PATROL = "patrol", _("security patrol")
    CLEANING = "cleaning", _("cleaning-zone inspection")
    PEST = "pest", _("pest-station check")
    EQUIPMENT = "equipment", _("equipment patrol inspection")
    FIRE = "fire", _("fire-facility patrol")


class RoundStatus(models.TextChoices):
    """Where a round stands. Open until every checkpoint is scanned or its window closes."""

    OPEN = "open", _("open")
    COMPLETE = "complete", _("complete")
    LATE = "late", _("complete, late")
    OUT_OF_ORDER = "out_of_order", _("complete, out of order")
    MISSED = "missed", _("missed checkpoints")


COMPLETED_STATUSES = (RoundStatus.COMPLETE, RoundStatus.LATE, RoundStatus.OUT_OF_ORDER)
