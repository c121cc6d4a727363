"""The equipment registry: categories with their reading fields, contractors, units (each with
its QR scan link), certificates, and the expiry and lift-inspection warnings.

Registry edits are plain changes whose history auditlog keeps field by field; certificates and
warnings are domain events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import same_site
from houqin.core.models import Event, ScanLink
from houqin.core.permissions import role_holders
from houqin.core.roles import FACILITIES_MANAGER
from houqin.facilities import lifts
from houqin.facilities.choices import LIFT_KINDS, CertificateKind, EquipmentStatus
from houqin.facilities.models import (
    Certificate,
    Contractor,
    Equipment,
    EquipmentCategory,
    ReadingField,
)

SCAN_PURPOSE = "equipment"
LIFT_RECORD_KINDS = (
    CertificateKind.PERIODIC,
    CertificateKind.SELF_TEST,
    CertificateKind.SUPERVISORY,
)


@dataclass(frozen=True)
class ReadingFieldData:
    """One row of the reading-fields formset of a category."""

    code: str
    label: str
    unit: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    is_required: bool = True
    is_meter: bool = False
    position: int = 0


def _save(instance, fields: list[str] | None) -> None:
    """Insert a new row, or write only the changed ``fields`` of an existing one."""
    instance.full_clean()
    if instance.pk is None or fields is None:
        instance.save()
    elif fields:
        instance.save(update_fields=fields)


# Categories --------------------------------------------------------------------------------


def category_save(
    *,
    category: EquipmentCategory,
    by,
    fields: list[str] | None = None,
    reading_fields: list[ReadingFieldData] | None = None,
) -> EquipmentCategory:
    """Create or change a category; ``reading_fields`` (when given) replaces its readings,
    matched by code so run logs keep pointing at the same fields."""
    _check_parent(category)
    if reading_fields is not None:
        _check_reading_fields(reading_fields)
    with transaction.atomic():
        _save(category, fields)
        if reading_fields is not None:
            _write_reading_fields(category, reading_fields)
    return category


def _check_parent(category: EquipmentCategory) -> None:
    parent = category.parent
    if parent is None:
        return
    same_site(category.site, parent, field="parent")
    seen = set()
    while parent is not None and parent.pk not in seen:
        if category.pk is not None and parent.pk == category.pk:
            raise ValidationError({"parent": _("A category cannot sit under itself.")})
        seen.add(parent.pk)
        parent = parent.parent


def _check_reading_fields(rows: list[ReadingFieldData]) -> None:
    codes = [row.code for row in rows]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Two reading fields have the same code."))
    for row in rows:
        if row.minimum is not None and row.maximum is not None and row.minimum > row.maximum:
            raise ValidationError(
                _("%(label)s: the lowest normal value is above the highest.") % {"label": row.label}
            )


def _write_reading_fields(category: EquipmentCategory, rows: list[ReadingFieldData]) -> None:
    existing = {f.code: f for f in category.reading_fields.all()}
    names = ("label", "unit", "minimum", "maximum", "is_required", "is_meter", "position")
    for row in rows:
        field = existing.pop(row.code, None)
        if field is None:
            ReadingField.objects.create(
                site_id=category.site_id, category=category, code=row.code, **_values(row, names)
            )
            continue
        changed = [n for n in names if getattr(field, n) != getattr(row, n)]
        for name in changed:
            setattr(field, name, getattr(row, name))
        if changed:
            field.save(update_fields=changed)
    ReadingField.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()


def _values(row: ReadingFieldData, names) -> dict:
    return {name: getattr(row, name) for name in names}


def category_descendant_ids(category: EquipmentCategory) -> list[int]:
    """The category and every category under it (one query per level of the tree)."""
    ids, level = [category.pk], [category.pk]
    while level:
        level = list(
            EquipmentCategory.objects.filter(parent_id__in=level).values_list("pk", flat=True)
        )
        level = [pk for pk in level if pk not in ids]
        ids.extend(level)
    return ids


# Contractors and units ---------------------------------------------------------------------


def contractor_save(*, contractor: Contractor, by, fields: list[str] | None = None) -> Contractor:
    """Create or change a maintenance contractor."""
    contractor.name = contractor.name.strip()
    if not contractor.name:
        raise ValidationError({"name": _("Give the contractor's name.")})
    with transaction.atomic():
        _save(contractor, fields)
    return contractor


def equipment_save(*, unit: Equipment, by, fields: list[str] | None = None) -> Equipment:
    """Create or change a unit; a new unit gets the scan link its QR label carries."""
    _check_unit(unit)
    created = unit.pk is None
    with transaction.atomic():
        _save(unit, fields)
        if created:
            core.scan_link_create(target=unit, purpose=SCAN_PURPOSE)
    return unit


def _check_unit(unit: Equipment) -> None:
    same_site(unit.site, unit.category, field="category")
    same_site(unit.site, unit.location, field="location")
    same_site(unit.site, unit.contractor, field="contractor")
    today = timezone.localdate()
    for name in ("installed_on", "first_used_on"):
        if getattr(unit, name) is not None and getattr(unit, name) > today:
            raise ValidationError({name: _("This date is in the future.")})


def equipment_scan_link(unit: Equipment) -> ScanLink | None:
    """The unit's live scan link, found by content type, id and purpose."""
    return (
        ScanLink.objects.filter(
            content_type=ContentType.objects.get_for_model(Equipment),
            object_id=unit.pk,
            purpose=SCAN_PURPOSE,
            revoked_at__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )


def equipment_scan_links(units) -> dict[int, ScanLink]:
    """The live scan link of each of ``units`` by unit id (one query)."""
    rows = ScanLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Equipment),
        object_id__in=[u.pk for u in units],
        purpose=SCAN_PURPOSE,
        revoked_at__isnull=True,
    ).order_by("created_at")
    return {link.object_id: link for link in rows}


# Certificates ------------------------------------------------------------------------------


def certificate_add(
    *,
    equipment: Equipment,
    by,
    kind: str,
    issued_on: date,
    expires_on: date | None = None,
    number: str = "",
    issuer: str = "",
    is_major_repair: bool = False,
    scan=None,
) -> Certificate:
    """Record a certificate or inspection report of a unit, with its scanned copy."""
    cert = Certificate(
        site_id=equipment.site_id,
        equipment=equipment,
        kind=kind,
        issued_on=issued_on,
        expires_on=expires_on,
        number=(number or "").strip(),
        issuer=(issuer or "").strip(),
        is_major_repair=bool(is_major_repair) and kind == CertificateKind.SUPERVISORY,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    _check_certificate(cert)
    with transaction.atomic():
        cert.save()
        if scan is not None:
            core.attachment_add(target=cert, upload=scan, by=by)
        core.event_record(
            site=equipment.site, verb="certificate", actor=by, target=equipment, detail=str(cert)
        )
    return cert


def _check_certificate(cert: Certificate) -> None:
    if cert.kind not in CertificateKind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    if cert.issued_on is None:
        raise ValidationError({"issued_on": _("Give the date of inspection or issue.")})
    if cert.issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("This date is in the future.")})
    if cert.expires_on is not None and cert.expires_on < cert.issued_on:
        raise ValidationError({"expires_on": _("The certificate cannot expire before its issue.")})


def current_certificates(queryset):
    """The latest certificate of each unit and kind (a newer one replaces an older one)."""
    newer = Certificate.objects.filter(
        equipment=OuterRef("equipment"), kind=OuterRef("kind")
    ).filter(
        Q(issued_on__gt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )
    return queryset.filter(~Exists(newer))


def warn_horizon(today: date) -> date:
    """The last expiry or due date warned on ``today``."""
    return today + timedelta(days=settings.HOUQIN_CERTIFICATE_WARN_DAYS)


# Warnings ----------------------------------------------------------------------------------


def certificates_warn(*, today: date) -> int:
    """Warn each site's facilities managers once of every certificate expiring within the warning
    period (or expired) and of every lift inspection falling due in it; returns how many."""
    with transaction.atomic():
        count = sum(_warn_certificate(cert) for cert in _certificates_to_warn(today))
        count += sum(_warn_lift(unit, today) for unit in _lifts(Equipment.objects.all()))
    return count


def _certificates_to_warn(today: date):
    qs = Certificate.objects.filter(
        expires_on__isnull=False, expires_on__lte=warn_horizon(today), warned_at__isnull=True
    ).exclude(equipment__status=EquipmentStatus.RETIRED)
    return (
        current_certificates(qs).select_related("equipment", "site").select_for_update(of=("self",))
    )


def _warn_certificate(cert: Certificate) -> int:
    title = _("%(unit)s: %(kind)s valid until %(date)s") % {
        "unit": cert.equipment,
        "kind": cert.get_kind_display(),
        "date": cert.expires_on.isoformat(),
    }
    _tell_managers(cert.site, title, reverse("facilities:certificate_detail", args=[cert.pk]))
    cert.warned_at = timezone.now()
    cert.save(update_fields=["warned_at"])
    core.event_record(site=cert.site, verb="certificate_warned", target=cert, detail=title)
    return 1


def _tell_managers(site, title: str, url: str) -> None:
    core.notify(
        site=site,
        recipients=role_holders(site_id=site.pk, roles=[FACILITIES_MANAGER]),
        title=title,
        url=url,
        level="warning",
    )


def _lifts(queryset):
    """Lifts in use with a base date, with their inspection records."""
    return (
        queryset.filter(category__special_kind__in=LIFT_KINDS, first_used_on__isnull=False)
        .exclude(status=EquipmentStatus.RETIRED)
        .select_related("site")
    )


def lift_records(unit: Equipment) -> list[lifts.Record]:
    """The inspections on file for a lift, as the schedule reads them."""
    rows = unit.certificates.filter(kind__in=LIFT_RECORD_KINDS).values_list(
        "kind", "issued_on", "is_major_repair"
    )
    return [lifts.Record(kind, on, major) for kind, on, major in rows]


def lift_schedule(unit: Equipment, today: date | None = None) -> lifts.Schedule:
    """The inspection schedule of a lift as of ``today``."""
    today = today or timezone.localdate()
    return lifts.schedule(unit.first_used_on, lift_records(unit), today)


def lift_warning_key(due: date, kind: str) -> str:
    """The detail of the event that marks one due date as warned (so it is warned once)."""
    return f"{kind} {due.isoformat()}"


def _warn_lift(unit: Equipment, today: date) -> int:
    plan = lift_schedule(unit, today)
    if plan.next_due is None or plan.next_due > warn_horizon(today):
        return 0
    key = lift_warning_key(plan.next_due, plan.next_kind)
    warned = Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Equipment),
        object_id=unit.pk,
        verb="certificate_warned",
        detail=key,
    )
    if warned.exists():
        return 0
    title = _("%(unit)s: %(kind)s due on %(date)s") % {
        "unit": unit,
        "kind": CertificateKind(plan.next_kind).label,
        "date": plan.next_due.isoformat(),
    }
    _tell_managers(unit.site, title, unit.get_absolute_url())
    core.event_record(site=unit.site, verb="certificate_warned", target=unit, detail=key)
    return 1
