"""The energy and supplies module's records, one file per subject."""

from houqin.energy.models.meters import (
    ConversionFactor,
    EnergyBudget,
    EnergyYear,
    Meter,
    Reading,
    Tariff,
    TariffPrice,
)
from houqin.energy.models.supplies import Requisition, RequisitionLine

__all__ = [
    "ConversionFactor",
    "EnergyBudget",
    "EnergyYear",
    "Meter",
    "Reading",
    "Requisition",
    "RequisitionLine",
    "Tariff",
    "TariffPrice",
]
