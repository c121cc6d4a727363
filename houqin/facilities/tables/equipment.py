"""List tables (and Excel ledger columns) of the equipment registry."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.facilities.choices import CertificateKind, EquipmentStatus, SpecialKind, System
from houqin.facilities.models import Equipment


def location_path(location) -> str:
    """Building → floor → room of a location, as one line."""
    if location is None:
        return ""
    parts = [
        location.building.name if location.building_id else "",
        location.floor.name if location.floor_id else "",
        f"{location.code} {location.name}",
    ]
    return " / ".join(p for p in parts if p)


class EquipmentTable(Table):
    """The equipment ledger (设备台帐)."""

    select_related = ("category", "location__building", "location__floor", "contractor")
    detail_url_name = "facilities:equipment_detail"

    code = Column(_("Asset code"), link=True, width=12, css="nowrap")
    name = Column(pgettext_lazy("of a thing", "Name"), width=18)
    category = Column(_("Category"), "category__name", width=12)
    system = Column(_("System"), "category__system", width=12, choices=System)
    location = Column(_("Location"), lambda u: location_path(u.location), width=24)
    maker = Column(_("Maker"), width=14)
    model_no = Column(_("Model"), width=12)
    serial_no = Column(_("Serial number"), width=14)
    installed_on = Column(_("Installed on"), width=11, css="nowrap")
    contractor = Column(_("Maintenance contractor"), "contractor__name", width=16)
    status = Column(_("Status"), "status", width=10, choices=EquipmentStatus)


class LiftDueTable(EquipmentTable):
    """The equipment ledger filtered to lifts falling due, with each one's due date."""

    inspection_due = Column(_("Inspection due"), width=11, css="nowrap fw-semibold")

    def __init__(self, rows):
        from houqin.facilities.queries.equipment import lifts_due

        rows = list(rows)
        due = lifts_due(Equipment.objects.filter(pk__in=[row.pk for row in rows]))
        for row in rows:
            row.inspection_due = due.get(row.pk)
        super().__init__(sorted(rows, key=lambda row: row.inspection_due or date.max))


class EquipmentCategoryTable(Table):
    select_related = ("parent",)
    detail_url_name = "facilities:equipmentcategory_detail"

    code = Column(_("Code"), link=True)
    name = Column(pgettext_lazy("of a thing", "Name"))
    parent = Column(_("Parent category"), "parent__name")
    system = Column(_("System"), "system", choices=System)
    special_kind = Column(_("Special equipment"), "special_kind", choices=SpecialKind)


class ContractorTable(Table):
    detail_url_name = "facilities:contractor_detail"

    name = Column(pgettext_lazy("of a thing", "Name"), link=True, width=20)
    licence_no = Column(_("Licence number"), width=14)
    contact = Column(_("Contact person"), width=10)
    phone = Column(_("Phone"), width=14, css="nowrap")
    emergency_phone = Column(_("24-hour phone"), width=14, css="nowrap")
    is_active = Column(_("Active"), width=6)


def _certificate_row_class(cert) -> str:
    from houqin.facilities.queries.equipment import expiry_state

    if getattr(cert, "is_superseded", False):  # a newer certificate replaced it
        return "text-secondary"
    state = expiry_state(cert)
    return {"expired": "table-danger", "expiring": "table-warning"}.get(state, "")


class CertificateTable(Table):
    """Certificates and inspection reports, expiring ones highlighted."""

    select_related = ("equipment",)
    detail_url_name = "facilities:certificate_detail"
    row_class = staticmethod(_certificate_row_class)

    equipment = Column(_("Equipment"), "equipment", width=20)
    kind = Column(_("Kind"), "kind", width=20, choices=CertificateKind)
    number = Column(_("Certificate number"), link=True, width=16)
    issuer = Column(_("Issued by"), width=16)
    issued_on = Column(_("Date of inspection or issue"), width=12, css="nowrap")
    expires_on = Column(_("Valid until"), width=12, css="nowrap")
