"""Choices of the environment module (爱国卫生: greening, cleaning zones, vector control)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstalmentStatus(models.TextChoices):
    """Where a contract's monthly payment stands; the month's acceptance check gates it."""

    SCHEDULED = "scheduled", _("scheduled")
    APPROVED = "approved", _("approved for payment")
    WITHHELD = "withheld", _("withheld")
    PAID = "paid", _("paid")


class RectificationStatus(models.TextChoices):
    """A failed zone item from report to re-check (整改 → 复查)."""

    OPEN = "open", _("to rectify")
    REPORTED = "reported", _("rectified, awaiting re-check")
    PASSED = "passed", _("re-checked and passed")


class Pest(models.TextChoices):
    """The four pests (四害), each with its density-control standard."""

    RODENT = "rodent", _("rodents")
    MOSQUITO = "mosquito", _("mosquitoes")
    FLY = "fly", _("flies")
    COCKROACH = "cockroach", _("cockroaches")


class ControlLevel(models.TextChoices):
    """The density control level of a pest (GB/T 27770–27773): A best, C the minimum."""

    A = "A", _("level A")
    B = "B", _("level B")
    C = "C", _("level C")
    NOT_MET = "not_met", _("not met")


class Confidence(models.TextChoices):
    """How sure we are that a threshold reads as the standard's text does (DOMAIN.md)."""

    CONFIRMED = "C", _("confirmed in the text")
    CONSISTENT = "C~", _("consistent with published results")
    SECONDARY = "S", _("secondary source")
    UNVERIFIED = "M", _("not verified")


class ControlMethod(models.TextChoices):
    """How pests were controlled (消杀)."""

    BAIT = "bait", _("poison bait")
    TRAP = "trap", _("traps and glue boards")
    SPRAY = "spray", _("residual spraying")
    FOGGING = "fogging", _("space spraying / fogging")
    LARVICIDE = "larvicide", _("larvicide")
    GEL = "gel", _("gel bait")
    PROOFING = "proofing", _("proofing repaired")
    CLEARANCE = "clearance", _("breeding sites cleared")
    OTHER = "other", _("other")
