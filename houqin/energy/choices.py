"""Choices of the energy and supplies module (节能降耗)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnergyType(models.TextChoices):
    ELECTRICITY = "electricity", _("electricity")
    WATER = "water", pgettext_lazy("energy", "water")
    GAS = "gas", _("natural gas")
    HEAT = "heat", pgettext_lazy("energy", "heat")


# The unit each energy type is metered and reported in (public-institution statistics):
# electricity in kWh, water and gas in m³, heat in GJ.
ENERGY_UNITS = {
    EnergyType.ELECTRICITY: "kWh",
    EnergyType.WATER: "m³",
    EnergyType.GAS: "m³",
    EnergyType.HEAT: "GJ",
}


class TariffPeriod(models.TextChoices):
    """The periods of a time-of-use electricity tariff (分时电价); a flat tariff has one
    period covering the whole day."""

    SHARP = "sharp", _("sharp peak")
    PEAK = "peak", pgettext_lazy("tariff", "peak")
    FLAT = "flat", pgettext_lazy("tariff", "flat")
    VALLEY = "valley", pgettext_lazy("tariff", "valley")


class ReadingKind(models.TextChoices):
    """A regular reading; or, when a meter is replaced, the old register's final reading and
    the new register's initial one (which starts a new baseline and counts no use)."""

    REGULAR = "regular", pgettext_lazy("reading", "regular")
    FINAL = "final", _("final reading of the old meter")
    INITIAL = "initial", _("initial reading of the new meter")


class ReadingSource(models.TextChoices):
    MANUAL = "manual", pgettext_lazy("reading source", "entered by hand")
    IMPORT = "import", pgettext_lazy("reading source", "imported")
    API = "api", pgettext_lazy("reading source", "collector")


class ReadingFlag(models.TextChoices):
    """Why a reading was held for review instead of being counted."""

    NEGATIVE = "negative", _("below the previous reading")
    JUMP = "jump", _("far above the usual use")


class FlagStatus(models.TextChoices):
    """A flagged reading is *pending* (not counted) until someone confirms it (*accepted*:
    counted) or voids it."""

    PENDING = "pending", _("awaiting review")
    ACCEPTED = "accepted", pgettext_lazy("reading", "confirmed")


class BudgetItem(models.TextChoices):
    """What a yearly running-cost budget line is for: an energy type or office supplies."""

    ELECTRICITY = "electricity", _("electricity")
    WATER = "water", pgettext_lazy("energy", "water")
    GAS = "gas", _("natural gas")
    HEAT = "heat", pgettext_lazy("energy", "heat")
    SUPPLIES = "supplies", _("office supplies")


class RequisitionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", pgettext_lazy("requisition", "approved")
    REJECTED = "rejected", pgettext_lazy("requisition", "rejected")
    ISSUED = "issued", pgettext_lazy("requisition", "issued")
    WITHDRAWN = "withdrawn", pgettext_lazy("requisition", "withdrawn")
