"""The team's record of itself: honours (to whom, consistent with the department or person
named), publications (an article names its periodical), chronicle entries; each saved and
voided through here."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import same_site
from houqin.team.choices import PublicationKind, RecipientKind
from houqin.team.models import ChronicleEntry, Honour, Publication

EARLIEST = date(1949, 10, 1)


def _check_day(day, *, field: str) -> None:
    """A date given, not before 1949 and not after the end of next year."""
    if not isinstance(day, date):
        raise ValidationError({field: _("Give the date.")})
    if not EARLIEST <= day <= date(timezone.localdate().year + 1, 12, 31):
        raise ValidationError({field: _("Give a date between 1949 and next year.")})


def _refuse_void(record) -> None:
    if record.voided_at is not None:
        raise ValidationError(_("This record is void."))


def _record_save(*, record, by, fields, day, verb: str, detail: str):
    """Number, author, history: the save every record of this module shares."""
    creating = record.pk is None
    with transaction.atomic():
        if creating:
            record.number = core.next_numbers(
                site=record.site, prefix=record.number_prefix, year=day.year
            )[0]
            record.created_by = by
            record.full_clean()
            record.save()
        else:
            record.full_clean(exclude=["number", "created_by"])
            record.save(update_fields=fields)
        core.event_record(
            site=record.site,
            verb=f"{verb}_add" if creating else f"{verb}_change",
            actor=by,
            target=record,
            detail=detail,
        )
    return record


# Honours -------------------------------------------------------------------------------------

HONOUR_FIELDS = [
    "title",
    "level",
    "awarding_body",
    "awarded_on",
    "recipient_kind",
    "department",
    "person",
    "note",
]


def _check_recipient(honour: Honour) -> None:
    """A department honour names the department, a personal one the person; the bureau's and
    the compound's name neither."""
    kind = honour.recipient_kind
    if kind == RecipientKind.DEPARTMENT and honour.department_id is None:
        raise ValidationError({"department": _("Choose the department honoured.")})
    if kind == RecipientKind.PERSON and honour.person_id is None:
        raise ValidationError({"person": _("Choose the person honoured.")})
    if kind != RecipientKind.PERSON:
        honour.person = None
    if kind not in (RecipientKind.DEPARTMENT, RecipientKind.PERSON):
        honour.department = None
    if kind == RecipientKind.PERSON and honour.department_id is None:
        honour.department_id = honour.person.department_id
    same_site(honour.site, honour.department, field="department")
    same_site(honour.site, honour.person, field="person")


def honour_save(*, honour: Honour, by, fields: list[str] | None = None) -> Honour:
    """Create an honour, or save its changed ``fields`` (all when not named)."""
    _refuse_void(honour)
    honour.title = (honour.title or "").strip()
    honour.awarding_body = (honour.awarding_body or "").strip()
    if not honour.title:
        raise ValidationError({"title": _("Give the title of the honour.")})
    if not honour.awarding_body:
        raise ValidationError({"awarding_body": _("Name the body that awarded the honour.")})
    _check_day(honour.awarded_on, field="awarded_on")
    _check_recipient(honour)
    return _record_save(
        record=honour,
        by=by,
        fields=_with(fields, ["department", "person"]) or HONOUR_FIELDS,
        day=honour.awarded_on,
        verb="honour",
        detail=honour.title,
    )


def _with(fields: list[str] | None, extra: list[str]) -> list[str] | None:
    """``fields`` and ``extra`` (fields a rule may have changed), or None when not named."""
    return None if not fields else sorted({*fields, *extra})


def honour_void(*, honour: Honour, by, reason: str) -> None:
    """Void an honour: it stays on record and no longer counts."""
    core.record_void(record=honour, by=by, reason=reason)


# Publications --------------------------------------------------------------------------------

PUBLICATION_FIELDS = [
    "kind",
    "title",
    "periodical",
    "issue",
    "published_on",
    "authors",
    "characters",
    "summary",
]


def publication_save(
    *, publication: Publication, by, fields: list[str] | None = None
) -> Publication:
    """Create a publication, or save its changed ``fields``: an article names the periodical
    that carried it; a book needs none."""
    _refuse_void(publication)
    for name in ("title", "periodical", "issue", "authors"):
        setattr(publication, name, (getattr(publication, name) or "").strip())
    if not publication.title:
        raise ValidationError({"title": _("Give the title.")})
    if publication.kind == PublicationKind.ARTICLE and not publication.periodical:
        raise ValidationError(
            {"periodical": _("Name the periodical or newspaper that published the article.")}
        )
    _check_day(publication.published_on, field="published_on")
    return _record_save(
        record=publication,
        by=by,
        fields=fields or PUBLICATION_FIELDS,
        day=publication.published_on,
        verb="publication",
        detail=publication.title,
    )


def publication_void(*, publication: Publication, by, reason: str) -> None:
    core.record_void(record=publication, by=by, reason=reason)


# Chronicle -----------------------------------------------------------------------------------

CHRONICLE_FIELDS = ["occurred_on", "title", "text"]


def chronicle_save(*, entry: ChronicleEntry, by, fields: list[str] | None = None) -> ChronicleEntry:
    """Create a chronicle entry (大事记), or save its changed ``fields``."""
    _refuse_void(entry)
    entry.title = (entry.title or "").strip()
    if not entry.title:
        raise ValidationError({"title": _("Say what happened.")})
    _check_day(entry.occurred_on, field="occurred_on")
    return _record_save(
        record=entry,
        by=by,
        fields=fields or CHRONICLE_FIELDS,
        day=entry.occurred_on,
        verb="chronicle",
        detail=entry.title,
    )


def chronicle_void(*, entry: ChronicleEntry, by, reason: str) -> None:
    core.record_void(record=entry, by=by, reason=reason)
