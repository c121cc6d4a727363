"""Visitor registration: check-in and check-out, invitations, the blacklist, revealing and
purging personal data, and importing an existing Excel ledger."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core import services as core
from houqin.core.crypto import decrypt, encrypt, keyed_hash
from houqin.core.db import execute
from houqin.core.models import Department, Location, Person, Site
from houqin.core.permissions import role_holders
from houqin.core.roles import DUTY_OFFICER, SECURITY_ADMIN
from houqin.security.choices import VisitPurpose, VisitStatus
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.utils.idnumbers import IdNumberError, mask_id_number, mask_phone, normalise_id_number
from houqin.utils.text import strip_controls

ID_ERRORS = {
    "checksum": gettext_lazy(
        "The check digit of this ID number is wrong; please check the number."
    ),
    "birth_date": gettext_lazy(
        "The birth date in this ID number is not a real date, or is in the future."
    ),
    "region": gettext_lazy("This ID number does not begin with a valid region code."),
    "length": gettext_lazy("This ID number has the wrong number of characters."),
    "format": gettext_lazy("This number is not in the format of the chosen document type."),
    "id_type": gettext_lazy("Unknown document type."),
}
PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


def clean_id_number(id_type: str, number: str) -> str:
    """The canonical ID number, or a ValidationError in the user's language."""
    try:
        return normalise_id_number(id_type, number, today=timezone.localdate())
    except IdNumberError as exc:
        raise ValidationError(
            str(ID_ERRORS.get(exc.code, ID_ERRORS["format"])), code=exc.code
        ) from exc


def clean_phone(phone: str) -> str:
    """A plausible phone number (digits, spaces, dashes, an optional leading +), or ''."""
    phone = (phone or "").strip()
    if phone and not PHONE_RE.match(phone):
        raise ValidationError(_("Enter a phone number of digits only."), code="phone")
    return phone


NAME_PUNCTUATION = set(" ·•.-'’()（）")
CLOCK_SKEW = timedelta(minutes=5)
# What may be corrected after check-in: not identity, not times.
VISIT_CORRECTABLE_FIELDS = (
    "organisation",
    "purpose",
    "purpose_detail",
    "companions",
    "vehicle_plate",
    "items_carried",
)  # a phone's clock may run a little ahead
PLATE_RE = re.compile(r"^[0-9A-Z\u4e00-\u9fff·]{2,12}$")


def clean_name(name: str) -> str:
    """A person's name: letters (any script) with spaces and · . - ' ( ); nothing else, so no
    markup can hide in it."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError(_("Enter the visitor's name."), code="required")
    for char in cleaned:
        if not (unicodedata.category(char)[0] in "LMN" or char in NAME_PUNCTUATION):
            raise ValidationError(
                _("A name may contain only letters, digits, spaces and the marks · . - ' ( )."),
                code="markup",
            )
    return cleaned


def clean_plate(plate: str) -> str:
    """A vehicle plate, upper-cased without spaces or dots (湘L12345), or ''."""
    cleaned = "".join((plate or "").split()).replace(".", "").replace("·", "").upper()
    if cleaned and not PLATE_RE.match(cleaned):
        raise ValidationError(_("Enter the plate as printed, e.g. 湘L12345."), code="plate")
    return cleaned


@dataclass
class VisitorData:
    """What the gate records about a visitor (already validated by the form or serializer)."""

    visitor_name: str
    id_type: str
    id_number: str
    phone: str = ""
    organisation: str = ""
    host_department: Department | None = None
    host_person: Person | None = None
    purpose: str = VisitPurpose.BUSINESS
    purpose_detail: str = ""
    companions: int = 0
    vehicle_plate: str = ""
    items_carried: str = ""

    @classmethod
    def from_cleaned(cls, data: dict, **extra) -> VisitorData:
        """Build from a form's cleaned_data or a serializer's validated_data."""
        return cls(
            visitor_name=data["visitor_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data.get("phone", ""),
            organisation=data.get("organisation", ""),
            host_department=data["host_department"],
            host_person=data.get("host_person"),
            purpose=data["purpose"],
            companions=data.get("companions") or 0,
            vehicle_plate=data.get("vehicle_plate", ""),
            **extra,
        )

    def record_fields(self) -> dict:
        """The fields a visit and an invitation share: the personal ones encrypted and hashed,
        then host, purpose, companions and plate."""
        return {
            **self.personal_fields(),
            "host_department": self.host_department,
            "host_person": self.host_person,
            "purpose": self.purpose,
            "companions": self.companions,
            "vehicle_plate": self.vehicle_plate,
        }

    def personal_fields(self) -> dict:
        """The encrypted and hashed personal fields, ready to store."""
        return {
            "visitor_name": self.visitor_name,
            "id_type": self.id_type,
            "id_number_enc": encrypt(self.id_number),
            "id_hash": keyed_hash(self.id_number),
            "phone_enc": encrypt(self.phone),
            "id_mask": mask_id_number(self.id_number),
            "phone_mask": mask_phone(self.phone),
            "organisation": strip_controls(self.organisation),
        }


def _check_hosts(site: Site, data: VisitorData, gate: Location | None = None) -> None:
    """The host department, host and gate must be active and of the visit's site, and the host
    must work in the host department. One rule for the gate's form, the API and the import."""
    errors = {}
    dept, person = data.host_department, data.host_person
    if dept is None:
        errors["host_department"] = _("Choose the host department.")
    elif dept.site_id != site.pk or not dept.is_active:
        errors["host_department"] = _("This department is not at the chosen site.")
    if person is not None:
        if person.site_id != site.pk or not person.is_active:
            errors["host_person"] = _("This person is not at the chosen site.")
        elif dept is not None and person.department_id not in (None, dept.pk):
            errors["host_person"] = _("This person is not in the chosen department.")
    if gate is not None and (
        gate.site_id != site.pk or gate.kind != Location.Kind.GATE or not gate.is_active
    ):
        errors["gate"] = _("This is not a gate of the chosen site.")
    if errors:
        raise ValidationError(errors)


def _blacklisted(*, site: Site, id_hash: str, columns: str = "1") -> tuple[str, list]:
    """(SQL, parameters) selecting ``columns`` of the site's blacklist entries that hold this ID
    hash today: active, not void, not expired. The check-in asks it as a condition of its own
    INSERT; ``blacklist_match`` reads the entry's id with it."""
    return (
        f"SELECT {columns} FROM {BlacklistEntry._meta.db_table} WHERE site_id = %s "
        "AND id_hash = %s AND is_active AND voided_at IS NULL "
        "AND (valid_until IS NULL OR valid_until >= %s)",
        [site.pk, id_hash, timezone.localdate()],
    )


def blacklist_match(*, site: Site, id_hash: str) -> BlacklistEntry | None:
    """The active blacklist entry of this site matching the ID hash, if any (one indexed query;
    the entry itself is loaded only on a match)."""
    sql, params = _blacklisted(site=site, id_hash=id_hash, columns="id")
    with connection.cursor() as cursor:
        execute(cursor, f"{sql} LIMIT 1", params)
        row = cursor.fetchone()
    return BlacklistEntry.objects.get(pk=row[0]) if row else None


def _security_officers(site: Site):
    return role_holders(site_id=site.pk, roles=[DUTY_OFFICER, SECURITY_ADMIN])


def _alert_blocked(visit: Visit, entry: BlacklistEntry) -> None:
    core.notify(
        site=visit.site,
        recipients=_security_officers(visit.site),
        level="danger",
        title=_("Blacklisted visitor refused at the gate (%(number)s)") % {"number": visit.number},
        body=_("%(time)s, registration %(number)s. Reason on the blacklist: %(reason)s")
        % {
            "time": timezone.localtime(visit.checked_in_at).strftime("%Y-%m-%d %H:%M"),
            "number": visit.number,
            "reason": entry.reason,
        },
        url=reverse("security:visit_detail", kwargs={"pk": visit.pk}),
    )


def visit_check_in(
    *,
    site: Site,
    by,
    data: VisitorData,
    gate: Location | None = None,
    invitation: Invitation | None = None,
    at: datetime | None = None,
) -> Visit:
    """Register a visitor at the gate.

    A visitor whose ID number is on the site's blacklist is not admitted: the attempt is kept as
    a refused registration (status ``refused``) and the duty officers are alerted. Callers look
    at ``visit.status``. Validation and encryption happen before anything is written; the
    blacklist is asked by the write itself (``core.insert_numbered``), so that an admitted visitor
    costs the database one statement.
    """
    _check_hosts(site, data, gate)
    at = at or timezone.now()
    fields = data.record_fields()
    visit = Visit(
        site=site,
        **fields,
        has_vehicle=bool(data.vehicle_plate),
        purpose_detail=strip_controls(data.purpose_detail),
        items_carried=strip_controls(data.items_carried),
        gate=gate,
        checked_in_at=at,
        checked_in_by=by,
        created_by=by,
        invitation=invitation,
        status=VisitStatus.INSIDE,
    )
    # A plain INSERT: the row itself says who checked the visitor in and when (its history
    # shows that as the creation). Unless the blacklist holds the ID number: then nothing is
    # written, and the attempt is kept as a refusal, with its event, below.
    sql, params = _blacklisted(site=site, id_hash=fields["id_hash"])
    if core.insert_numbered(visit, when=at, unless=(f"EXISTS ({sql})", params)) is not None:
        return visit
    entry = blacklist_match(site=site, id_hash=fields["id_hash"])
    if entry is None:  # taken off the list a moment ago
        return core.insert_numbered(visit, when=at)
    visit.status, visit.blacklist_entry = VisitStatus.REFUSED, entry
    with transaction.atomic():
        core.insert_numbered(visit, when=at)
        core.event_record(site=site, verb="blocked", actor=by, target=visit, detail=entry.reason)
        transaction.on_commit(lambda: _alert_blocked(visit, entry))
    return visit


@transaction.atomic
def visit_check_out(*, visit: Visit, by, at: datetime | None = None) -> Visit:
    """Record that a visitor left. Refused, voided or already-left visits cannot check out."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    at = at or timezone.now()
    if visit.voided_at is not None:
        raise ValidationError(_("This registration is void."))
    if visit.status != VisitStatus.INSIDE:
        raise ValidationError(_("This visitor is not inside (already checked out, or refused)."))
    if at < visit.checked_in_at:
        raise ValidationError(
            {
                "checked_out_at": _("Check-out cannot be before check-in (%(t)s).")
                % {"t": timezone.localtime(visit.checked_in_at).strftime("%Y-%m-%d %H:%M")}
            }
        )
    if at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"checked_out_at": _("Check-out cannot be in the future.")})
    visit.checked_out_at, visit.checked_out_by, visit.status = at, by, VisitStatus.LEFT
    visit.save(update_fields=["checked_out_at", "checked_out_by", "status"])
    return visit


@transaction.atomic
def invitation_create(
    *, site: Site, by, data: VisitorData, expected_at: datetime, valid_until: datetime | None = None
) -> Invitation:
    """A host pre-registers a visitor; the invitation carries a signed, single-use, expiring
    QR link the guard scans."""
    _check_hosts(site, data)
    valid_until = valid_until or expected_at + timedelta(days=1)
    limit = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    if valid_until < expected_at:
        raise ValidationError({"valid_until": _("The end of validity is before the arrival.")})
    if valid_until < timezone.now():
        raise ValidationError({"expected_at": _("The invitation would already have expired.")})
    if expected_at > limit:
        raise ValidationError(
            {
                "expected_at": _("Invitations can be made at most %(n)d days ahead.")
                % {"n": settings.INVITATION_VALID_DAYS}
            }
        )
    invitation = Invitation(
        site=site,
        **data.record_fields(),
        expected_at=expected_at,
        valid_until=valid_until,
        created_by=by,
    )
    invitation.number = core.record_number(record=invitation)
    invitation.save()
    invitation.scan_link = core.scan_link_create(
        target=invitation, purpose="invitation", expires_at=valid_until, max_uses=1
    )
    invitation.save(update_fields=["scan_link"])
    return invitation


def invitation_visitor_data(invitation: Invitation) -> VisitorData:
    """The visitor data an invitation carries, for the check-in it turns into."""
    return VisitorData(
        visitor_name=invitation.visitor_name,
        id_type=invitation.id_type,
        id_number=decrypt(invitation.id_number_enc),
        phone=decrypt(invitation.phone_enc),
        organisation=invitation.organisation,
        host_department=invitation.host_department,
        host_person=invitation.host_person,
        purpose=invitation.purpose,
        companions=invitation.companions,
        vehicle_plate=invitation.vehicle_plate,
    )


@transaction.atomic
def invitation_admit(*, invitation: Invitation, by, gate: Location | None = None) -> Visit:
    """Check in the visitor of a scanned invitation; the link is used up in the same transaction,
    so a second scan of the same code is refused."""
    if invitation.voided_at is not None:
        raise ValidationError(_("This invitation has been cancelled."))
    if invitation.scan_link is None:
        raise ValidationError(_("This invitation has no code."))
    try:
        core.scan_link_consume(link=invitation.scan_link)
    except core.ScanLinkError as exc:
        raise ValidationError(exc.message) from exc
    visit = visit_check_in(
        site=invitation.site,
        by=by,
        data=invitation_visitor_data(invitation),
        gate=gate,
        invitation=invitation,
    )
    verb = "admit" if visit.status == VisitStatus.INSIDE else "blocked"
    core.event_record(
        site=invitation.site, verb=verb, actor=by, target=invitation, detail=visit.number
    )
    return visit


@transaction.atomic
def invitation_void(*, invitation: Invitation, by, reason: str) -> None:
    """Cancel an invitation: the record is voided and its QR code stops working at once."""
    core.record_void(record=invitation, by=by, reason=reason)
    if invitation.scan_link is not None:
        core.scan_link_revoke(link=invitation.scan_link)


@transaction.atomic
def visit_update(*, visit: Visit, by, changes: dict) -> Visit:
    """Correct what may change after check-in (not identity, not times); a void registration
    cannot be changed."""
    if visit.voided_at is not None:
        raise ValidationError(_("This registration is void."))
    if visit.pii_purged_at is not None:
        raise ValidationError(_("The personal data of this registration has been erased."))
    unknown = set(changes) - set(VISIT_CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "vehicle_plate" in changes:
        changes["vehicle_plate"] = clean_plate(changes["vehicle_plate"])
        changes["has_vehicle"] = bool(changes["vehicle_plate"])
    for field, value in changes.items():
        setattr(visit, field, strip_controls(value) if isinstance(value, str) else value)
    visit.full_clean(
        exclude=[
            "host_department",
            "host_person",
            "gate",
            "invitation",
            "blacklist_entry",
            "site",
            "created_by",
            "checked_in_by",
            "checked_out_by",
        ]
    )
    visit.save(update_fields=list(changes))
    return visit


def visit_reveal(*, visit: Visit, by, field: str) -> str:
    """Decrypt one personal field for the security administrator; every reveal is recorded."""
    if field not in ("id_number", "phone"):
        raise ValidationError(_("Unknown field."))
    if visit.pii_purged_at:
        raise ValidationError(_("The personal data of this registration has been erased."))
    value = decrypt(visit.id_number_enc if field == "id_number" else visit.phone_enc)
    label = _("ID number") if field == "id_number" else _("phone")
    core.event_record(site=visit.site, verb="reveal", actor=by, target=visit, detail=str(label))
    return value


def visits_purge_pii(*, older_than_days: int, now: datetime | None = None) -> int:
    """Erase the personal fields of registrations (and invitations) checked in before the
    retention period; rows, and so every count and report, stay. Returns visits purged."""
    if older_than_days < 1:
        raise ValidationError(_("The retention period must be at least one day."))
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    erased = {
        "visitor_name": "",
        "id_number_enc": "",
        "id_hash": "",
        "phone_enc": "",
        "vehicle_plate": "",
        "id_mask": "",
        "phone_mask": "",
        "pii_purged_at": now or timezone.now(),
    }
    with transaction.atomic():
        visits = Visit.objects.filter(checked_in_at__lt=cutoff, pii_purged_at__isnull=True)
        sites = list(visits.values_list("site_id", flat=True).distinct().order_by())
        # Photos and scans of a registration (often an ID card) go with its personal data.
        core.attachments_delete(model=Visit, ids=visits.values("pk"))
        count = visits.update(**erased, purpose_detail="", items_carried="")
        Invitation.objects.filter(valid_until__lt=cutoff, pii_purged_at__isnull=True).update(
            **erased
        )
        for site_id in sites:
            core.event_record(
                site=Site.objects.get(pk=site_id),
                verb="purge",
                detail=_("registrations before %(date)s")
                % {"date": timezone.localtime(cutoff).date().isoformat()},
            )
    return count


@transaction.atomic
def blacklist_entry_save(*, entry: BlacklistEntry, id_number: str | None, by) -> BlacklistEntry:
    """Create or update a blacklist entry; a new ID number is stored only as hash and mask."""
    if id_number:
        entry.id_hash = keyed_hash(id_number)
        entry.id_number_masked = mask_id_number(id_number)
    if not entry.id_hash:
        raise ValidationError({"id_number": _("Enter the ID number.")})
    return core.record_save(instance=entry, by=by)


def visits_import(*, site: Site, by, rows: list[dict]) -> int:
    """Save already-checked imported rows (see ``security.imports``) in one transaction, with
    numbers reserved per year in one step."""
    visits = sorted(
        (Visit(site=site, created_by=by, checked_in_by=by, **row) for row in rows),
        key=lambda v: v.checked_in_at,
    )
    with transaction.atomic():
        by_year: dict[int, list[Visit]] = {}
        for visit in visits:
            by_year.setdefault(timezone.localtime(visit.checked_in_at).year, []).append(visit)
        for year, group in by_year.items():
            numbers = core.next_numbers(
                site=site, prefix=Visit.number_prefix, year=year, count=len(group)
            )
            for visit, number in zip(group, numbers, strict=True):
                visit.number = number
        Visit.objects.bulk_create(visits, batch_size=500)
        core.event_record(
            site=site,
            verb="import",
            actor=by,
            detail=_("%(n)d visitor registrations") % {"n": len(visits)},
        )
    return len(visits)
