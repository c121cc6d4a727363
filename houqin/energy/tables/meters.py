"""List tables (and Excel ledgers) of meters, tariffs, standard-coal factors, statistics bases
and budgets."""

from django.utils.translation import gettext_lazy as _

from houqin.core.tables import Column, Table
from houqin.energy.choices import BudgetItem, EnergyType


class MeterTable(Table):
    """The meter register (计量器具台帐)."""

    select_related = ("site", "building", "floor", "department", "parent", "tariff")
    detail_url_name = "energy:meter_detail"

    code = Column(_("Code"), link=True, width=12, css="nowrap")
    name = Column(_("Name"), width=20, css="text-wrap")
    energy_type = Column(_("Energy type"), width=10, choices=EnergyType)
    building = Column(_("Building"), width=14)
    floor = Column(_("Floor"), width=10)
    department = Column(_("Department"), width=14)
    parent = Column(_("Main meter"), lambda m: m.parent.code if m.parent else "", width=12)
    tariff = Column(_("Tariff"), width=16, css="text-wrap")
    multiplier = Column(_("Multiplier"), width=8, numeric=True, css="text-end text-nowrap")
    serial = Column(_("Serial number"), width=14)
    is_active = Column(_("Active"), width=6)


class TariffTable(Table):
    select_related = ("site",)
    detail_url_name = "energy:tariff_detail"

    code = Column(_("Code"), link=True, width=12)
    name = Column(_("Name"), width=24)
    energy_type = Column(_("Energy type"), width=10, choices=EnergyType)
    is_time_of_use = Column(_("Time-of-use"), width=8)
    site = Column(_("Site"), width=12)


class FactorTable(Table):
    energy_type = Column(_("Energy type"), width=10, choices=EnergyType)
    year_from = Column(_("From year"), width=8)
    factor = Column(_("kgce per unit"), width=10, numeric=True)
    basis = Column(_("Basis"), width=20)
    source = Column(_("Source"), width=40)
    confidence = Column(_("Confidence"), width=6)
    in_total = Column(_("Counts in total energy use"), width=8)
    edit = Column("", lambda f: "✎", link=True, width=4)

    def _link(self):
        from django.urls import reverse

        return lambda row: reverse("energy:conversionfactor_edit", kwargs={"pk": row.pk})


class EnergyYearTable(Table):
    select_related = ("site",)

    year = Column(_("Year"), link=True, width=8)
    site = Column(_("Site"), width=14)
    people = Column(_("People using energy"), width=10, numeric=True)
    floor_area_m2 = Column(_("Office floor area (m²)"), width=12, numeric=True)

    def _link(self):
        from django.urls import reverse

        return lambda row: reverse("energy:energyyear_edit", kwargs={"pk": row.pk})


class BudgetTable(Table):
    select_related = ("site",)

    year = Column(_("Year"), link=True, width=8)
    site = Column(_("Site"), width=14)
    item = Column(_("Item"), width=12, choices=BudgetItem)
    amount = Column(_("Budget (yuan)"), width=12, numeric=True)

    def _link(self):
        from django.urls import reverse

        return lambda row: reverse("energy:energybudget_edit", kwargs={"pk": row.pk})
