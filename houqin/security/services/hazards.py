"""Cameras, alarm linkage (人机联动), safety hazards (隐患排查) and the incident register.

An alarm (from a camera or a person) becomes a verification task for the duty officer on shift;
its result may open a hazard or an incident. A hazard goes reported → rectified → closed, the
closing verification always by a second person; overdue hazards escalate to the leadership.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import check_photo, past_moment, same_site
from houqin.core.models import Department, Location, Site
from houqin.core.permissions import role_holders
from houqin.core.roles import DUTY_OFFICER, LEADERSHIP, SECURITY_ADMIN
from houqin.security.choices import (
    AlarmResult,
    AlarmSource,
    AlarmStatus,
    HazardCategory,
    HazardGrade,
    HazardSource,
    HazardStatus,
    IncidentKind,
    IncidentStatus,
    PostKind,
    RosterStatus,
)
from houqin.security.models import Alarm, Assignment, Camera, Hazard, Incident

INCIDENT_EDITABLE_FIELDS = (
    "kind",
    "occurred_at",
    "location",
    "place",
    "description",
    "losses",
    "reported_to_police",
)


# Shared checks ---------------------------------------------------------------------------------


def _text(value: str, *, field: str, message: str, limit: int) -> str:
    """Stripped, non-empty text of at most ``limit`` characters, else a field error."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep this under %(limit)d characters.") % {"limit": limit}}
        )
    return value


def _choice(value: str, choices, *, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the listed values.")})
    return value


def _role_holders(site: Site, *role_codes: str):
    return role_holders(site_id=site.pk, roles=role_codes)


def _local(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _changed(instance, names) -> list[str]:
    """The fields of ``instance`` among ``names`` whose value differs from the stored row."""
    columns = {name: instance._meta.get_field(name).attname for name in names}
    stored = type(instance).objects.filter(pk=instance.pk).values(*columns.values()).first()
    if stored is None:
        return list(names)
    return [name for name, col in columns.items() if getattr(instance, col) != stored[col]]


# Cameras ---------------------------------------------------------------------------------------


def camera_save(*, camera: Camera, by) -> Camera:
    """Create or update a camera of the registry (code unique per site, location of its site)."""
    same_site(camera.site, camera.location, field="location")
    camera.full_clean()
    with transaction.atomic():
        if camera.pk is None:
            camera.save()
            core.event_record(site=camera.site, verb="register", actor=by, target=camera)
            return camera
        fields = _changed(
            camera, ["code", "name", "location", "kind", "recorder", "channel", "status"]
        )
        if fields:
            camera.save(update_fields=fields)
    return camera


# Alarms ----------------------------------------------------------------------------------------


def duty_officer_on_shift(site: Site, at: datetime):
    """The login of whoever the published roster puts in the duty office at ``at`` (the leader
    on duty first), or None."""
    row = (
        Assignment.objects.filter(
            site=site,
            roster__status=RosterStatus.PUBLISHED,
            roster__voided_at__isnull=True,
            post__kind=PostKind.DUTY_OFFICE,
            starts_at__lte=at,
            ends_at__gt=at,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
        .order_by("-is_leader", "starts_at")
        .first()
    )
    return row.person.user if row else None


def _check_alarm(site, source, description, camera, location) -> str:
    _choice(source, AlarmSource, field="source")
    if source == AlarmSource.CAMERA and camera is None:
        raise ValidationError({"camera": _("Choose the camera that raised the alarm.")})
    same_site(site, camera, field="camera")
    same_site(site, location, field="location")
    return _text(
        description,
        field="description",
        message=_("Say what was seen or heard."),
        limit=500,
    )


def alarm_raise(
    *,
    site: Site,
    source: str,
    by,
    description: str,
    camera: Camera | None = None,
    location: Location | None = None,
    raised_at: datetime | None = None,
) -> Alarm:
    """Record an alarm or sighting and hand its verification to the duty officer on shift (or,
    with nobody rostered, tell every duty officer of the site)."""
    description = _check_alarm(site, source, description, camera, location)
    raised_at = past_moment(raised_at, field="raised_at")
    if location is None and camera is not None:
        location = camera.location
    with transaction.atomic():
        alarm = Alarm(
            site=site,
            source=source,
            camera=camera,
            location=location,
            raised_at=raised_at,
            description=description,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        alarm.number = core.record_number(record=alarm, when=raised_at)
        alarm.assigned_to = duty_officer_on_shift(site, timezone.now())
        alarm.save()
        core.event_record(site=site, verb="raise", actor=by, target=alarm, detail=description)
        _alert_alarm(alarm)
    return alarm


def _alert_alarm(alarm: Alarm) -> None:
    recipients = (
        [alarm.assigned_to] if alarm.assigned_to else list(_role_holders(alarm.site, DUTY_OFFICER))
    )
    core.notify(
        site=alarm.site,
        recipients=recipients,
        level="warning",
        title=_("Alarm to verify (%(number)s)") % {"number": alarm.number},
        body=_("%(time)s: %(text)s") % {"time": _local(alarm.raised_at), "text": alarm.description},
        url=reverse("security:alarm_detail", kwargs={"pk": alarm.pk}),
    )


def _check_verification(alarm, result, hazard_category, incident_kind) -> None:
    if alarm.voided_at is not None:
        raise ValidationError(_("This alarm is void."))
    if alarm.status == AlarmStatus.VERIFIED:
        raise ValidationError(_("This alarm has already been verified."))
    _choice(result, AlarmResult, field="result")
    if result == AlarmResult.HAZARD:
        if not hazard_category:
            raise ValidationError({"hazard_category": _("Choose the category of the hazard.")})
        _choice(hazard_category, HazardCategory, field="hazard_category")
    if result == AlarmResult.INCIDENT:
        if not incident_kind:
            raise ValidationError({"incident_kind": _("Choose the kind of incident.")})
        _choice(incident_kind, IncidentKind, field="incident_kind")


def alarm_verify(
    *,
    alarm: Alarm,
    by,
    result: str,
    note: str,
    hazard_category: str | None = None,
    incident_kind: str | None = None,
) -> Alarm:
    """Record what the check found: a false alarm, a hazard (opened as a hazard report linked
    to the alarm and its camera) or an incident (opened in the register). Only once."""
    note = (note or "").strip()[:500]
    with transaction.atomic():
        alarm = Alarm.objects.select_for_update().select_related("site").get(pk=alarm.pk)
        _check_verification(alarm, result, hazard_category, incident_kind)
        alarm.status, alarm.result, alarm.verification_note = AlarmStatus.VERIFIED, result, note
        alarm.verified_at, alarm.verified_by = timezone.now(), by
        alarm.save(
            update_fields=["status", "result", "verification_note", "verified_at", "verified_by"]
        )
        core.event_record(site=alarm.site, verb="verify", actor=by, target=alarm, detail=note)
        _open_follow_up(alarm, by, note, hazard_category, incident_kind)
    return alarm


def _open_follow_up(alarm, by, note, hazard_category, incident_kind) -> None:
    description = note or alarm.description
    place = "" if alarm.location_id else (str(alarm.camera) if alarm.camera_id else "")
    if alarm.result == AlarmResult.HAZARD:
        hazard_report(
            site=alarm.site,
            description=description,
            category=hazard_category,
            by=by,
            location=alarm.location,
            place=place[:100],
            found_at=alarm.raised_at,
            source=HazardSource.ALARM,
            alarm=alarm,
            camera=alarm.camera,
        )
    elif alarm.result == AlarmResult.INCIDENT:
        incident_register(
            site=alarm.site,
            kind=incident_kind,
            occurred_at=alarm.raised_at,
            description=description,
            by=by,
            location=alarm.location,
            place=place[:100],
            alarm=alarm,
        )


# Hazards ---------------------------------------------------------------------------------------


def _check_hazard(hazard: Hazard) -> None:
    """Validate a new hazard report in place (its text fields stripped)."""
    hazard.description = _text(
        hazard.description, field="description", message=_("Describe the hazard."), limit=500
    )
    _choice(hazard.category, HazardCategory, field="category")
    _choice(hazard.grade, HazardGrade, field="grade")
    _choice(hazard.source, HazardSource, field="source")
    for name in ("location", "alarm", "camera"):
        same_site(hazard.site, getattr(hazard, name), field=name)
    hazard.place = (hazard.place or "").strip()
    if len(hazard.place) > 100:
        raise ValidationError(
            {"place": _("Keep this under %(limit)d characters.") % {"limit": 100}}
        )
    if hazard.source == HazardSource.REPORT and hazard.location is None and not hazard.place:
        raise ValidationError(
            {"location": _("Say where the hazard is: choose a location or describe the place.")}
        )


def hazard_report(
    *,
    site: Site,
    description: str,
    category: str,
    by,
    grade: str = HazardGrade.ORDINARY,
    location: Location | None = None,
    place: str = "",
    found_at: datetime | None = None,
    source: str = HazardSource.REPORT,
    photo=None,
    alarm: Alarm | None = None,
    camera: Camera | None = None,
) -> Hazard:
    """Report a safety hazard (anyone may), with an optional photo stored as its attachment.
    The security administrators are told so that it gets a department and a deadline."""
    hazard = Hazard(
        site=site,
        source=source,
        location=location,
        place=place,
        description=description,
        category=category,
        grade=grade,
        alarm=alarm,
        camera=camera or (alarm.camera if alarm else None),
        created_by=by if by is not None and by.is_authenticated else None,
    )
    _check_hazard(hazard)
    hazard.found_at = past_moment(found_at, field="found_at")
    check_photo(photo)
    with transaction.atomic():
        hazard.number = core.record_number(record=hazard, when=hazard.found_at)
        hazard.save()
        if photo is not None:
            core.attachment_add(target=hazard, upload=photo, by=by)
        core.event_record(
            site=site, verb="report", actor=by, target=hazard, detail=hazard.description
        )
        _alert_hazard(hazard)
    return hazard


def _alert_hazard(hazard: Hazard) -> None:
    major = hazard.grade == HazardGrade.MAJOR
    core.notify(
        site=hazard.site,
        recipients=_role_holders(hazard.site, SECURITY_ADMIN),
        level="danger" if major else "info",
        title=(
            _("Major hazard reported (%(number)s)") if major else _("Hazard reported (%(number)s)")
        )
        % {"number": hazard.number},
        body=hazard.description,
        url=reverse("security:hazard_detail", kwargs={"pk": hazard.pk}),
    )


def _relock(record, *fields: str) -> None:
    """Lock the record's row for the rest of the transaction and read its workflow state afresh,
    so two people acting on it at the same moment cannot both pass the same check."""
    fresh = type(record).objects.select_for_update().only(*fields).get(pk=record.pk)
    for name in fields:
        setattr(record, name, getattr(fresh, name))


def _check_open(hazard: Hazard, *statuses: str) -> None:
    if hazard.voided_at is not None:
        raise ValidationError(_("This hazard is void."))
    if hazard.status not in statuses:
        messages = {
            HazardStatus.CLOSED: _("This hazard is already closed."),
            HazardStatus.RECTIFIED: _("This hazard is rectified and awaiting verification."),
            HazardStatus.REPORTED: _("This hazard has not been rectified yet."),
        }
        raise ValidationError(messages[hazard.status])


@transaction.atomic
def hazard_assign(
    *, hazard: Hazard, owner_department: Department, deadline: date, grade: str, by
) -> Hazard:
    """Give a hazard its responsible department, deadline and grade."""
    _relock(hazard, "status", "voided_at")
    _check_open(hazard, HazardStatus.REPORTED, HazardStatus.RECTIFIED)
    if owner_department is None:
        raise ValidationError({"owner_department": _("Choose the responsible department.")})
    same_site(hazard.site, owner_department, field="owner_department")
    if deadline is None:
        raise ValidationError({"deadline": _("Give the date by which it must be rectified.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    _choice(grade, HazardGrade, field="grade")
    with transaction.atomic():
        hazard.owner_department, hazard.deadline, hazard.grade = owner_department, deadline, grade
        hazard.save(update_fields=["owner_department", "deadline", "grade"])
        detail = _("%(department)s, by %(deadline)s") % {
            "department": owner_department.name,
            "deadline": deadline.isoformat(),
        }
        core.event_record(site=hazard.site, verb="assign", actor=by, target=hazard, detail=detail)
    return hazard


@transaction.atomic
def hazard_rectify(*, hazard: Hazard, rectification: str, by, photo=None) -> Hazard:
    """Record what was done to remove the hazard (with an optional photo of the result)."""
    _relock(hazard, "status", "voided_at")
    _check_open(hazard, HazardStatus.REPORTED)
    rectification = _text(
        rectification,
        field="rectification",
        message=_("Describe what was done to remove the hazard."),
        limit=5000,
    )
    check_photo(photo)
    with transaction.atomic():
        hazard.status, hazard.rectification = HazardStatus.RECTIFIED, rectification
        hazard.rectified_at, hazard.rectified_by = timezone.now(), by
        hazard.save(update_fields=["status", "rectification", "rectified_at", "rectified_by"])
        if photo is not None:
            core.attachment_add(target=hazard, upload=photo, by=by)
        core.event_record(
            site=hazard.site, verb="rectify", actor=by, target=hazard, detail=rectification
        )
    return hazard


@transaction.atomic
def hazard_verify(*, hazard: Hazard, by, accepted: bool, note: str) -> Hazard:
    """A second person checks the rectification: accepted closes the hazard; rejected sends it
    back to ``reported`` with the reason in its history."""
    _relock(hazard, "status", "voided_at", "rectified_by_id")
    _check_open(hazard, HazardStatus.RECTIFIED)
    if hazard.rectified_by_id is not None and hazard.rectified_by_id == by.pk:
        raise ValidationError(_("You recorded the rectification; a second person must verify it."))
    note = (note or "").strip()[:300]
    if not accepted and not note:
        raise ValidationError({"note": _("Say why the rectification is not accepted.")})
    with transaction.atomic():
        if accepted:
            hazard.status, hazard.verified_at, hazard.verified_by = (
                HazardStatus.CLOSED,
                timezone.now(),
                by,
            )
            hazard.save(update_fields=["status", "verified_at", "verified_by"])
        else:
            hazard.status = HazardStatus.REPORTED
            hazard.save(update_fields=["status"])
        verb = "verify" if accepted else "reject"
        core.event_record(site=hazard.site, verb=verb, actor=by, target=hazard, detail=note)
    return hazard


def overdue_hazards(*, today: date):
    """Hazards not closed whose deadline is before ``today`` (the deadline day itself counts)."""
    return Hazard.objects.filter(voided_at__isnull=True, deadline__lt=today).exclude(
        status=HazardStatus.CLOSED
    )


def hazards_escalate(*, now: datetime) -> int:
    """Tell the site's leadership about each hazard newly overdue (once per hazard, marked with
    ``escalated_at``); returns how many were escalated."""
    today = timezone.localdate(now)
    with transaction.atomic():
        hazards = list(
            overdue_hazards(today=today)
            .filter(escalated_at__isnull=True)
            .select_for_update(of=("self",))
            .select_related("site", "owner_department")
        )
        leaders: dict[int, list] = {}
        for hazard in hazards:
            if hazard.site_id not in leaders:
                leaders[hazard.site_id] = list(_role_holders(hazard.site, LEADERSHIP))
            _escalate_one(hazard, leaders[hazard.site_id], now)
        Hazard.objects.filter(pk__in=[h.pk for h in hazards]).update(escalated_at=now)
    return len(hazards)


def _escalate_one(hazard: Hazard, leaders: list, now: datetime) -> None:
    department = hazard.owner_department.name if hazard.owner_department else "—"
    core.notify(
        site=hazard.site,
        recipients=leaders,
        level="danger",
        title=_("Hazard overdue (%(number)s)") % {"number": hazard.number},
        body=_("%(text)s — responsible: %(department)s, deadline %(deadline)s")
        % {
            "text": hazard.description,
            "department": department,
            "deadline": hazard.deadline.isoformat(),
        },
        url=reverse("security:hazard_detail", kwargs={"pk": hazard.pk}),
    )
    core.event_record(site=hazard.site, verb="escalate", target=hazard, detail=department)


# Incidents -------------------------------------------------------------------------------------


def _check_incident(site, *, kind, description, location, place, alarm) -> tuple[str, str]:
    _choice(kind, IncidentKind, field="kind")
    description = _text(
        description, field="description", message=_("Describe what happened."), limit=5000
    )
    same_site(site, location, field="location")
    same_site(site, alarm, field="alarm")
    place = (place or "").strip()
    if len(place) > 100:
        raise ValidationError(
            {"place": _("Keep this under %(limit)d characters.") % {"limit": 100}}
        )
    return description, place


def incident_register(
    *,
    site: Site,
    kind: str,
    occurred_at: datetime,
    description: str,
    by,
    location: Location | None = None,
    place: str = "",
    losses: str = "",
    reported_to_police: bool = False,
    alarm: Alarm | None = None,
) -> Incident:
    """Enter an incident in the register; criminal cases and safety accidents are reported to
    the leadership and the security administrators at once."""
    description, place = _check_incident(
        site, kind=kind, description=description, location=location, place=place, alarm=alarm
    )
    if occurred_at is None:
        raise ValidationError({"occurred_at": _("Give the time it happened.")})
    occurred_at = past_moment(occurred_at, field="occurred_at")
    with transaction.atomic():
        incident = Incident(
            site=site,
            kind=kind,
            occurred_at=occurred_at,
            location=location,
            place=place,
            description=description,
            losses=(losses or "").strip()[:300],
            reported_to_police=bool(reported_to_police),
            alarm=alarm,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        incident.number = core.record_number(record=incident, when=occurred_at)
        incident.save()
        core.event_record(site=site, verb="register", actor=by, target=incident)
        _alert_incident(incident)
    return incident


def _alert_incident(incident: Incident) -> None:
    if incident.kind not in (IncidentKind.CRIMINAL_CASE, IncidentKind.SAFETY_ACCIDENT):
        return
    core.notify(
        site=incident.site,
        recipients=_role_holders(incident.site, LEADERSHIP, SECURITY_ADMIN),
        level="danger",
        title=_("%(kind)s registered (%(number)s)")
        % {"kind": incident.get_kind_display(), "number": incident.number},
        body=incident.description[:500],
        url=reverse("security:incident_detail", kwargs={"pk": incident.pk}),
    )


def _check_incident_open(incident: Incident) -> None:
    if incident.voided_at is not None:
        raise ValidationError(_("This incident is void."))
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError(_("This incident is closed."))


@transaction.atomic
def incident_update(*, incident: Incident, by, changes: dict) -> Incident:
    """Correct an open incident's facts (kind, time, place, description, losses, police)."""
    _relock(incident, "status", "voided_at")
    _check_incident_open(incident)
    unknown = set(changes) - set(INCIDENT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    merged = {name: getattr(incident, name) for name in INCIDENT_EDITABLE_FIELDS} | changes
    description, place = _check_incident(
        incident.site,
        kind=merged["kind"],
        description=merged["description"],
        location=merged["location"],
        place=merged["place"],
        alarm=None,
    )
    merged.update(description=description, place=place)
    merged["occurred_at"] = past_moment(merged["occurred_at"], field="occurred_at")
    fields = [name for name in changes if merged[name] != getattr(incident, name)]
    with transaction.atomic():
        for name in fields:
            setattr(incident, name, merged[name])
        if fields:
            incident.save(update_fields=fields)
    return incident


@transaction.atomic
def incident_follow_up(*, incident: Incident, text: str, by) -> Incident:
    """Add a dated line to an open incident's follow-up."""
    _relock(incident, "status", "voided_at", "follow_up")
    _check_incident_open(incident)
    text = _text(text, field="text", message=_("Write the follow-up."), limit=2000)
    who = getattr(getattr(by, "person", None), "name", None) or by.get_username()
    line = f"{_local(timezone.now())} {who}: {text}"
    with transaction.atomic():
        incident.follow_up = f"{incident.follow_up}\n{line}".strip()
        incident.save(update_fields=["follow_up"])
        core.event_record(
            site=incident.site, verb="follow_up", actor=by, target=incident, detail=text
        )
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, by, note: str = "") -> Incident:
    """Close an incident once its follow-up is done (an optional closing note is added)."""
    _relock(incident, "status", "voided_at")
    _check_incident_open(incident)
    note = (note or "").strip()
    with transaction.atomic():
        if note:
            incident_follow_up(incident=incident, text=note, by=by)
        incident.status, incident.closed_at = IncidentStatus.CLOSED, timezone.now()
        incident.save(update_fields=["status", "closed_at"])
        core.event_record(site=incident.site, verb="close", actor=by, target=incident, detail=note)
    return incident
