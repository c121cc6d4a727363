"""Vector control (四害): density surveys recorded under the edition of the standard in force on
the survey day, the standards and their thresholds kept as data, and control actions (消杀)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import same_site
from houqin.core.models import Location, Site
from houqin.environment import levels
from houqin.environment.choices import ControlMethod, Pest
from houqin.environment.models import (
    PestControlAction,
    PestStandard,
    PestSurvey,
    PestThreshold,
)
from houqin.utils.text import strip_controls

FIRST_YEAR = 2000  # older dates are typing mistakes
MAX_COUNT = 1_000_000
# (smaller, larger): the first count cannot exceed the second.
AT_MOST = (
    ("rooms_positive", "rooms_inspected"),
    ("powder_positive", "powder_patches"),
    ("proofing_defective", "proofing_inspected"),
    ("water_positive", "water_inspected"),
    ("dips_positive", "dips"),
    ("breeding_positive", "breeding_inspected"),
    ("ootheca_rooms", "rooms_inspected"),
    ("trace_rooms", "rooms_inspected"),
    ("ootheca_rooms", "oothecae"),  # each ootheca room holds at least one ootheca
    ("dips_positive", "larvae_pupae"),  # each positive dip holds at least one larva or pupa
)
FLY_AT_MOST = (("rooms_positive", "adults"),)  # a room with flies has at least one fly


def _text(value, limit: int) -> str:
    return strip_controls(value or "").strip()[:limit]


def _check_day(day, field: str) -> None:
    if not isinstance(day, date):
        raise ValidationError({field: _("Enter a date.")})
    if day.year < FIRST_YEAR:
        raise ValidationError({field: _("Enter a date from %(year)d on.") % {"year": FIRST_YEAR}})
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


# Standards and thresholds ------------------------------------------------------------------


def standard_in_force(pest: str, day: date) -> PestStandard | None:
    """The edition of the pest's standard in force on ``day`` (None when there is none)."""
    return (
        PestStandard.objects.filter(pest=pest, in_force_from__lte=day)
        .filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))
        .order_by("-in_force_from")
        .first()
    )


def standard_to_rate(pest: str, day: date) -> PestStandard | None:
    """The edition a survey of ``day`` is rated against: the one in force that day, or the
    earliest edition for a day before the first one came into force (nothing older is kept)."""
    standard = standard_in_force(pest, day)
    if standard is not None:
        return standard
    earliest = PestStandard.objects.filter(pest=pest).order_by("in_force_from").first()
    return earliest if earliest is not None and day < earliest.in_force_from else None


def thresholds_of(standard_ids) -> dict[int, dict[str, tuple]]:
    """``{standard id: {indicator: ((A, B, C), strict)}}`` from one query."""
    rules: dict[int, dict[str, tuple]] = {}
    rows = PestThreshold.objects.filter(standard_id__in=set(standard_ids)).values_list(
        "standard_id", "indicator", "limit_a", "limit_b", "limit_c", "strict"
    )
    for standard_id, indicator, a, b, c, strict in rows:
        rules.setdefault(standard_id, {})[indicator] = ((a, b, c), strict)
    return rules


def _check_standard(standard: PestStandard) -> None:
    standard.code = _text(standard.code, 20)
    standard.edition = _text(standard.edition, 4)
    standard.title = _text(standard.title, 100)
    if not standard.code:
        raise ValidationError({"code": _("Enter the standard's number.")})
    if not (
        standard.edition.isascii() and standard.edition.isdigit() and len(standard.edition) == 4
    ):
        raise ValidationError({"edition": _("Enter the edition as a four-digit year.")})
    if standard.pest not in Pest.values:
        raise ValidationError({"pest": _("Choose a pest.")})
    if not isinstance(standard.in_force_from, date):
        raise ValidationError({"in_force_from": _("Enter the date it came into force.")})
    if standard.superseded_on and standard.superseded_on <= standard.in_force_from:
        raise ValidationError(
            {"superseded_on": _("An edition is superseded after it comes into force.")}
        )
    twins = PestStandard.objects.filter(code=standard.code, edition=standard.edition)
    if twins.exclude(pk=standard.pk).exists():
        raise ValidationError({"edition": _("This edition is already recorded.")})


def _previous_edition(standard: PestStandard) -> PestStandard | None:
    return (
        PestStandard.objects.filter(pest=standard.pest, in_force_from__lt=standard.in_force_from)
        .exclude(pk=standard.pk)
        .order_by("-in_force_from")
        .first()
    )


STANDARD_FIELDS = ["code", "edition", "pest", "title", "in_force_from", "superseded_on"]


@transaction.atomic
def standard_save(*, standard: PestStandard, by) -> PestStandard:
    """Create or change an edition of a standard. A new edition copies the thresholds of the
    edition before it (to be edited where the new text differs) and ends that edition on the
    day the new one comes into force."""
    _check_standard(standard)
    standard.source = _text(standard.source, 300)
    standard.note = _text(standard.note, 2000)
    if standard.pk is not None:
        standard.save(update_fields=[*STANDARD_FIELDS, "source", "note"])
        return standard
    previous = _previous_edition(standard)
    standard.save()
    if previous is not None:
        _copy_thresholds(previous, standard)
        if previous.superseded_on is None or previous.superseded_on > standard.in_force_from:
            previous.superseded_on = standard.in_force_from
            previous.save(update_fields=["superseded_on"])
    return standard


def _copy_thresholds(source: PestStandard, target: PestStandard) -> None:
    note = _("Copied from %(standard)s; verify against the new text.") % {"standard": source}
    PestThreshold.objects.bulk_create(
        PestThreshold(
            standard=target,
            indicator=row.indicator,
            limit_a=row.limit_a,
            limit_b=row.limit_b,
            limit_c=row.limit_c,
            strict=row.strict,
            clause=row.clause,
            confidence="M",
            evidence=f"{note} {row.evidence}"[:300],
        )
        for row in source.thresholds.all()
    )


def _check_limits(threshold: PestThreshold) -> None:
    limits = [threshold.limit_a, threshold.limit_b, threshold.limit_c]
    for name, limit in zip(("limit_a", "limit_b", "limit_c"), limits, strict=True):
        if limit is not None and (not isinstance(limit, Decimal) or limit < 0):
            raise ValidationError({name: _("A limit is a number not below 0.")})
    given = [limit for limit in limits if limit is not None]
    if given != sorted(given):
        raise ValidationError(
            {"limit_b": _("Level A is the strictest: its limit cannot exceed B's, nor B's C's.")}
        )


@transaction.atomic
def threshold_save(*, threshold: PestThreshold, by) -> PestThreshold:
    """Create or change an indicator's limits in a standard (the data a revision edits)."""
    indicator = levels.BY_CODE.get(threshold.indicator)
    if indicator is None or indicator.pest != threshold.standard.pest:
        raise ValidationError({"indicator": _("Choose an indicator of this standard's pest.")})
    _check_limits(threshold)
    threshold.clause = _text(threshold.clause, 30)
    threshold.evidence = _text(threshold.evidence, 300)
    twins = PestThreshold.objects.filter(
        standard=threshold.standard, indicator=threshold.indicator
    ).exclude(pk=threshold.pk)
    if twins.exists():
        raise ValidationError({"indicator": _("This indicator already has limits here.")})
    if threshold.pk is None:
        threshold.save()
        return threshold
    fields = ["limit_a", "limit_b", "limit_c", "strict", "clause", "confidence", "evidence"]
    threshold.save(update_fields=fields)
    return threshold


# Surveys -----------------------------------------------------------------------------------


def _clean_counts(pest: str, counts) -> dict[str, int | None]:
    """The pest's counts as integers (None where not taken); anything else refused."""
    fields = levels.count_fields(pest)
    counts = counts if isinstance(counts, dict) else {}
    errors = {
        name: _("This count is not taken for this pest.")
        for name, value in counts.items()
        if name not in fields and value not in (None, "")
    }
    clean = {}
    for name in fields:
        value = counts.get(name)
        if value in (None, ""):
            clean[name] = None
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[name] = _("Enter a whole number not below 0.")
        elif value > MAX_COUNT:
            errors[name] = _("This count is too large.")
        else:
            clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _check_complete(pest: str, counts: dict) -> None:
    """A count found needs what it is divided by; at least one indicator is measured."""
    errors, measured = {}, False
    for indicator in levels.indicators_of(pest):
        top, bottom = counts[indicator.numerator], counts[indicator.denominator]
        measured |= top is not None and bottom is not None
        if top is not None and bottom is None and indicator.denominator not in errors:
            errors[indicator.denominator] = _("Enter this count too: %(indicator)s needs it.") % {
                "indicator": indicator.label
            }
    if errors:
        raise ValidationError(errors)
    if not measured:
        raise ValidationError(_("Enter the counts of at least one indicator."))


def _check_consistent(pest: str, counts: dict) -> None:
    pairs = AT_MOST + (FLY_AT_MOST if pest == Pest.FLY else ())
    errors = {}
    for small, large in pairs:
        low, high = counts.get(small), counts.get(large)
        if low is not None and high is not None and low > high and small not in errors:
            errors[small] = _("This count cannot exceed “%(other)s”.") % {
                "other": PestSurvey._meta.get_field(large).verbose_name
            }
    if errors:
        raise ValidationError(errors)


def survey_counts(pest: str, counts) -> dict[str, int | None]:
    """The survey's counts checked: whole numbers, complete per indicator, consistent."""
    clean = _clean_counts(pest, counts)
    _check_complete(pest, clean)
    _check_consistent(pest, clean)
    return clean


def survey_record(
    *,
    site: Site,
    pest: str,
    surveyed_on: date,
    counts: dict,
    by,
    is_recheck: bool = False,
    scope: str = "",
    note: str = "",
) -> PestSurvey:
    """Record a density survey under the edition of the pest's standard in force that day."""
    if pest not in Pest.values:
        raise ValidationError({"pest": _("Choose a pest.")})
    _check_day(surveyed_on, "surveyed_on")
    standard = standard_to_rate(pest, surveyed_on)
    if standard is None:
        raise ValidationError(
            {"surveyed_on": _("No standard for this pest was in force on this date.")}
        )
    clean = survey_counts(pest, counts)
    with transaction.atomic():
        survey = PestSurvey(
            site=site,
            pest=pest,
            surveyed_on=surveyed_on,
            standard=standard,
            is_recheck=bool(is_recheck),
            scope=_text(scope, 200),
            note=_text(note, 2000),
            surveyed_by=by,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            **clean,
        )
        survey.number = core.next_numbers(
            site=site, prefix=PestSurvey.number_prefix, year=surveyed_on.year
        )[0]
        survey.save()
        core.event_record(site=site, verb="pest_survey", actor=by, target=survey)
    return survey


def survey_void(*, survey: PestSurvey, by, reason: str) -> None:
    """Void a survey: it stays in the ledger, marked void, and no longer sets the level."""
    core.record_void(record=survey, by=by, reason=reason)


# Control actions ---------------------------------------------------------------------------


def _check_action(site: Site, *, pest, method, quantity, location) -> None:
    if pest not in Pest.values:
        raise ValidationError({"pest": _("Choose a pest.")})
    if method not in ControlMethod.values:
        raise ValidationError({"method": _("Choose a method.")})
    if quantity is not None and (not isinstance(quantity, Decimal) or quantity < 0):
        raise ValidationError({"quantity": _("A quantity is a number not below 0.")})
    if location is not None and not isinstance(location, Location):
        raise ValidationError({"location": _("Choose a location.")})
    same_site(site, location, field="location")


def control_action_record(
    *,
    site: Site,
    pest: str,
    done_on: date,
    method: str,
    by,
    agent: str = "",
    quantity: Decimal | None = None,
    unit: str = "",
    location: Location | None = None,
    area: str = "",
    done_by: str = "",
    note: str = "",
) -> PestControlAction:
    """Record a control action (baits laid, spraying …) done on a day."""
    _check_day(done_on, "done_on")
    _check_action(site, pest=pest, method=method, quantity=quantity, location=location)
    with transaction.atomic():
        action = PestControlAction(
            site=site,
            pest=pest,
            done_on=done_on,
            method=method,
            agent=_text(agent, 100),
            quantity=quantity,
            unit=_text(unit, 10),
            location=location,
            area=_text(area, 200),
            done_by=_text(done_by, 100),
            note=_text(note, 2000),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        action.number = core.next_numbers(
            site=site, prefix=PestControlAction.number_prefix, year=done_on.year
        )[0]
        action.save()
        core.event_record(site=site, verb="pest_control", actor=by, target=action)
    return action


def control_action_void(*, action: PestControlAction, by, reason: str) -> None:
    """Void a control action with a reason."""
    core.record_void(record=action, by=by, reason=reason)
