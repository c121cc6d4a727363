"""The regulations library: a regulation is created with its first version, revised by adding
versions (each taking effect after the previous one and saying what changed), repealed from a
day on, or voided when it was recorded by mistake."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import same_site
from houqin.core.validators import validate_date_in_range
from houqin.team.choices import RegulationScope
from houqin.team.models import Regulation, RegulationVersion

EDITABLE = ("title", "scope", "owner")


def regulation_create(
    *,
    site,
    title: str,
    scope: str,
    owner,
    text: str,
    adopted_on: date,
    effective_from: date,
    document_number: str = "",
    by,
    revised_by=None,
) -> Regulation:
    """A new regulation with its version 1 (adopted on ``adopted_on``, in force from
    ``effective_from``)."""
    regulation = Regulation(site=site, title=(title or "").strip(), scope=scope, owner=owner)
    _check_regulation(regulation)
    text = _check_text(text)
    _check_dates(adopted_on, effective_from)
    same_site(site, revised_by, field="revised_by")
    with transaction.atomic():
        regulation.number = core.record_number(record=regulation)
        regulation.created_by = by
        regulation.save()
        RegulationVersion.objects.create(
            site=site,
            regulation=regulation,
            version=1,
            document_number=(document_number or "").strip(),
            text=text,
            adopted_on=adopted_on,
            effective_from=effective_from,
            revised_by=revised_by,
        )
        core.event_record(
            site=site, verb="regulation_add", actor=by, target=regulation, detail=regulation.title
        )
    return regulation


def version_add(
    *,
    regulation: Regulation,
    text: str,
    adopted_on: date,
    effective_from: date,
    changes: str,
    revised_by,
    document_number: str = "",
    by,
) -> RegulationVersion:
    """A revision: the next version, in force after the previous version's effective day."""
    changes = (changes or "").strip()
    if not changes:
        raise ValidationError({"changes": _("Say what this revision changed.")})
    text = _check_text(text)
    _check_dates(adopted_on, effective_from)
    same_site(regulation.site, revised_by, field="revised_by")
    with transaction.atomic():
        # Locked, so two revisions recorded at once cannot take the same number.
        locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
        _check_revisable(locked)
        last = locked.versions.order_by("-version").first()
        _check_after(last, adopted_on, effective_from)
        version = RegulationVersion.objects.create(
            site=locked.site,
            regulation=locked,
            version=last.version + 1,
            document_number=(document_number or "").strip(),
            text=text,
            adopted_on=adopted_on,
            effective_from=effective_from,
            revised_by=revised_by,
            changes=changes[:300],
        )
        detail = f"v{version.version} {effective_from.isoformat()} {changes}"
        core.event_record(
            site=locked.site, verb="regulation_revise", actor=by, target=locked, detail=detail
        )
    return version


def regulation_repeal(*, regulation: Regulation, on: date, note: str, by) -> Regulation:
    """Repeal a regulation from ``on`` (no version is in force on or after that day)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the regulation is repealed.")})
    _check_date(on, "on")
    with transaction.atomic():
        locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
        _check_revisable(locked)
        last = locked.versions.order_by("-version").first()
        if on < last.effective_from:
            message = _(
                "A regulation can be repealed only on or after %(day)s, when its last "
                "version took effect."
            ) % {"day": last.effective_from.isoformat()}
            raise ValidationError({"on": message})
        locked.repealed_on, locked.repeal_note = on, note[:200]
        locked.save(update_fields=["repealed_on", "repeal_note"])
        core.event_record(
            site=locked.site, verb="regulation_repeal", actor=by, target=locked, detail=note
        )
    regulation.repealed_on, regulation.repeal_note = locked.repealed_on, locked.repeal_note
    return regulation


def regulation_void(*, regulation: Regulation, by, reason: str) -> None:
    """Void a regulation recorded by mistake: it leaves the library and every figure."""
    core.record_void(record=regulation, by=by, reason=reason)


def regulation_save(*, regulation: Regulation, by, fields: list[str] | None = None) -> Regulation:
    """Save a changed title, scope or responsible department (only those fields)."""
    if regulation.voided_at is not None:
        raise ValidationError(_("This record is void."))
    regulation.title = (regulation.title or "").strip()
    _check_regulation(regulation)
    changed = [f for f in (fields if fields is not None else EDITABLE) if f in EDITABLE]
    if not changed:
        return regulation
    with transaction.atomic():
        regulation.save(update_fields=changed)
        core.event_record(
            site=regulation.site,
            verb="regulation_change",
            actor=by,
            target=regulation,
            detail=regulation.title,
        )
    return regulation


# Checks ------------------------------------------------------------------------------------


def _check_regulation(regulation: Regulation) -> None:
    if not regulation.title:
        raise ValidationError({"title": _("Give the regulation's title.")})
    if len(regulation.title) > 200:
        raise ValidationError({"title": _("The title is too long (200 characters at most).")})
    if regulation.scope not in RegulationScope.values:
        raise ValidationError({"scope": _("Choose what the regulation governs.")})
    same_site(regulation.site, regulation.owner, field="owner")


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Give the full text of the regulation.")})
    return text


def _check_date(day, field: str) -> None:
    if not isinstance(day, date):
        raise ValidationError({field: _("Enter a valid date.")})
    try:
        validate_date_in_range(day)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _check_dates(adopted_on: date, effective_from: date) -> None:
    _check_date(adopted_on, "adopted_on")
    _check_date(effective_from, "effective_from")
    if effective_from < adopted_on:
        message = _("A version cannot take effect before it was adopted.")
        raise ValidationError({"effective_from": message})


def _check_revisable(regulation: Regulation) -> None:
    if regulation.voided_at is not None:
        raise ValidationError(_("This record is void."))
    if regulation.repealed_on is not None:
        raise ValidationError(_("This regulation was repealed; it can no longer be revised."))


def _check_after(last: RegulationVersion, adopted_on: date, effective_from: date) -> None:
    """A revision comes after the version it replaces, in adoption and in effect."""
    if effective_from <= last.effective_from:
        message = _("A revision must take effect after %(day)s, when version %(n)s did.") % {
            "day": last.effective_from.isoformat(),
            "n": last.version,
        }
        raise ValidationError({"effective_from": message})
    if adopted_on < last.adopted_on:
        message = _("A revision cannot be adopted before %(day)s, when version %(n)s was.") % {
            "day": last.adopted_on.isoformat(),
            "n": last.version,
        }
        raise ValidationError({"adopted_on": message})
