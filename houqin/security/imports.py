"""Import of an existing visitor ledger (登记台帐) from Excel, all-or-nothing.

Accepts the columns of Houqin's own export and the usual headings of paper-era ledgers kept in
Excel. Every row is validated like a check-in at the gate; one bad row rejects the whole file.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.crypto import encrypt, keyed_hash
from houqin.core.imports import ImportColumn, ImportRow, check_rows, read_rows
from houqin.core.models import Department, Person, Site
from houqin.security.choices import IdTypeChoices, VisitPurpose, VisitStatus
from houqin.security.models import Visit
from houqin.security.services import clean_id_number, clean_phone
from houqin.security.services.visitors import clean_name, clean_plate
from houqin.utils.idnumbers import mask_id_number, mask_phone
from houqin.utils.text import strip_controls

COLUMNS = [
    ImportColumn("visitor_name", ("姓名", "来访人", "访客", "Visitor", "Name")),
    ImportColumn("id_type", ("证件类型", "ID type"), required=False),
    ImportColumn("id_number", ("证件号码", "身份证号", "身份证号码", "ID number")),
    ImportColumn("phone", ("电话", "联系电话", "Phone"), required=False),
    ImportColumn("organisation", ("单位", "来访单位", "Organisation"), required=False),
    ImportColumn("host_department", ("被访部门", "接待部门", "Host department")),
    ImportColumn("host_person", ("被访人", "接待人", "Host"), required=False),
    ImportColumn("purpose", ("事由", "来访事由", "Purpose"), required=False),
    ImportColumn("companions", ("随行人数", "Companions"), required=False),
    ImportColumn("vehicle_plate", ("车牌号", "车牌", "Vehicle"), required=False),
    ImportColumn("checked_in_at", ("进入时间", "来访时间", "In")),
    ImportColumn("checked_out_at", ("离开时间", "Out"), required=False),
]
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M")


def _choice(value: str, choices, label: str, default=None):
    if not value:
        if default is not None:
            return default
        raise ValidationError(_("%(col)s is empty.") % {"col": label})
    for code, text in choices:
        if value in (code, str(text)):
            return code
    raise ValidationError(
        _("%(col)s “%(value)s” is not one of the known values.") % {"col": label, "value": value}
    )


def _time(value: str, label: str, required: bool) -> datetime | None:
    if not value:
        if required:
            raise ValidationError(_("%(col)s is empty.") % {"col": label})
        return None
    for fmt in TIME_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt)  # noqa: DTZ007  (made aware below)
        except ValueError:
            continue
        if not 1990 <= parsed.year <= 2100:
            break
        return timezone.make_aware(parsed)
    raise ValidationError(
        _("%(col)s “%(value)s” is not a date and time like 2006-03-01 09:30.")
        % {"col": label, "value": value}
    )


class _Lookup:
    """Departments and people of the site by name, loaded once for the whole file."""

    def __init__(self, site: Site):
        self.departments = {d.name: d for d in Department.objects.filter(site=site)}
        self.people = {(p.name, p.department_id): p for p in Person.objects.filter(site=site)}

    def department(self, name: str) -> Department:
        if name not in self.departments:
            raise ValidationError(
                _("Host department “%(name)s” does not exist at this site.") % {"name": name}
            )
        return self.departments[name]

    def person(self, name: str, department: Department) -> Person | None:
        if not name:
            return None
        if (name, department.pk) not in self.people:
            raise ValidationError(
                _("Host “%(name)s” is not in department “%(dept)s”.")
                % {"name": name, "dept": department.name}
            )
        return self.people[(name, department.pk)]


def _row_fields(row: ImportRow, lookup: _Lookup) -> dict:
    v = row.values
    errors = []

    def attempt(func, *args):
        try:
            return func(*args)
        except ValidationError as exc:
            errors.extend(exc.messages)
            return None

    name = attempt(clean_name, v.get("visitor_name", ""))
    id_type = attempt(
        _choice,
        v.get("id_type", ""),
        IdTypeChoices.choices,
        _("ID type"),
        IdTypeChoices.RESIDENT_ID,
    )
    id_number = attempt(_full_id_number, id_type, v.get("id_number", "")) if id_type else None
    phone = attempt(clean_phone, v.get("phone", ""))
    department = attempt(lookup.department, v.get("host_department", ""))
    person = attempt(lookup.person, v.get("host_person", ""), department) if department else None
    purpose = attempt(
        _choice, v.get("purpose", ""), VisitPurpose.choices, _("Purpose"), VisitPurpose.OTHER
    )
    companions = attempt(_count, v.get("companions", ""))
    plate = attempt(clean_plate, v.get("vehicle_plate", ""))
    t_in = attempt(_time, v.get("checked_in_at", ""), _("In"), True)
    t_out = attempt(_time, v.get("checked_out_at", ""), _("Out"), False)
    if t_in and t_out and t_out < t_in:
        errors.append(_("check-out is before check-in."))
    if t_in and t_in > timezone.now():
        errors.append(_("check-in is in the future."))
    if errors:
        raise ValidationError(errors)
    return {
        "visitor_name": name,
        "id_type": id_type,
        "id_number_enc": encrypt(id_number),
        "id_hash": keyed_hash(id_number),
        "phone_enc": encrypt(phone),
        "id_mask": mask_id_number(id_number),
        "phone_mask": mask_phone(phone),
        "organisation": strip_controls(v.get("organisation", ""))[:100],
        "host_department": department,
        "host_person": person,
        "purpose": purpose,
        "companions": companions,
        "vehicle_plate": plate,
        "has_vehicle": bool(plate),
        "checked_in_at": t_in,
        "checked_out_at": t_out,
        # A ledger row from before today without a time of leaving is a visit long over, not a
        # visitor still inside.
        "status": VisitStatus.INSIDE
        if t_out is None and timezone.localtime(t_in).date() == timezone.localdate()
        else VisitStatus.LEFT,
    }


def _full_id_number(id_type: str, value: str) -> str:
    if "*" in value:
        raise ValidationError(
            _(
                "the ID number is masked (as in an exported ledger); the import needs the full "
                "number."
            )
        )
    return clean_id_number(id_type, value)


def _count(value: str) -> int:
    if not value:
        return 0
    if not (value.isascii() and value.isdigit()) or int(value) > 200:
        raise ValidationError(_("Companions must be a whole number from 0 to 200."))
    return int(value)


def read_visit_ledger(upload, *, site: Site) -> list[dict]:
    """Every row of the file as visit fields, or ImportRejected listing the bad rows (including
    rows already registered, so importing a file twice adds nothing twice)."""
    rows = read_rows(upload, COLUMNS)
    lookup = _Lookup(site)
    seen: set[tuple[str, object]] = set()

    def check(row: ImportRow) -> dict:
        fields = _row_fields(row, lookup)
        key = (fields["id_hash"], fields["checked_in_at"])
        if (
            key in seen
            or Visit.objects.filter(site=site, id_hash=key[0], checked_in_at=key[1]).exists()
        ):
            raise ValidationError(
                _("this visitor's registration at this time is already in the ledger.")
            )
        seen.add(key)
        return fields

    return check_rows(rows, check)
