"""Cleaning zones (分区划片、责任到人、严格督查): saving a zone keeps its checkpoint and check items
on the site's cleaning route; inspecting it records a scan of that route's round; each failed
item opens a rectification that the person responsible reports done and a supervisor
re-checks."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.inputs import check_photo, same_site
from houqin.core.permissions import has_perm_at
from houqin.environment.choices import RectificationStatus
from houqin.environment.models import CleaningZone, ZoneRectification
from houqin.inspections import services as engine
from houqin.inspections.choices import RoundStatus, RouteKind
from houqin.inspections.models import CheckItem, Checkpoint, ItemResult, Round, Route, RouteStop

ROUTE_NAME = "保洁区域督查"  # the site's cleaning route, named as the office calls it
ROUTE_MINUTES = 240  # a round (scheduled or spot) stays open half a working day
MAX_ITEMS = 50
INSPECT_PERM = "environment.inspect_cleaningzone"
RECTIFY_PERM = "environment.rectify_zonerectification"
RECHECK_PERM = "environment.recheck_zonerectification"
MANAGE_PERM = "environment.change_cleaningzone"


def rectify_days() -> int:
    """Days allowed to put a failed item right (setting ``HOUQIN_ZONE_RECTIFY_DAYS``)."""
    return int(getattr(settings, "HOUQIN_ZONE_RECTIFY_DAYS", 2))


# Zones ---------------------------------------------------------------------------------------


def _check_items(items) -> list[tuple[str, int]]:
    clean = []
    for text, weight in items or []:
        text = " ".join(str(text or "").split())
        if not text:
            continue
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            raise ValidationError({"items": _("Each item's weight is a whole number 1 to 100.")})
        clean.append((text[:200], weight))
    if not clean:
        raise ValidationError({"items": _("A zone needs at least one check item.")})
    if len(clean) > MAX_ITEMS:
        raise ValidationError({"items": _("At most %(max)d items.") % {"max": MAX_ITEMS}})
    return clean


def _check_zone(zone: CleaningZone) -> None:
    zone.code = (zone.code or "").strip().upper()
    zone.name = (zone.name or "").strip()
    zone.full_clean(exclude=["checkpoint"])
    same_site(zone.site, zone.location, field="location")
    if zone.responsible.site_id != zone.site_id:
        raise ValidationError({"responsible": [_("This choice is not at the chosen site.")]})


@transaction.atomic
def zone_save(*, zone: CleaningZone, items: list[tuple[str, int]], by) -> CleaningZone:
    """Create or change a zone with its check items (in order, replacing the previous ones);
    its checkpoint and its stop on the site's cleaning route follow the zone."""
    items = _check_items(items)
    _check_zone(zone)
    created = zone.pk is None
    zone.checkpoint = _save_checkpoint(zone, by)
    zone.save()
    route = _site_route(zone, by)
    _sync_stop(route, zone)
    _sync_items(route, zone.checkpoint, items)
    core.event_record(site=zone.site, verb="create" if created else "change", actor=by, target=zone)
    return zone


def _save_checkpoint(zone: CleaningZone, by) -> Checkpoint:
    checkpoint = zone.checkpoint or Checkpoint(site=zone.site)
    checkpoint.code, checkpoint.name = zone.code, zone.name
    checkpoint.location, checkpoint.is_active = zone.location, zone.is_active
    taken = Checkpoint.objects.filter(site=zone.site, code=zone.code).exclude(pk=checkpoint.pk)
    if taken.exists():
        raise ValidationError({"code": [_("This code is already used by a checkpoint.")]})
    return engine.checkpoint_save(checkpoint=checkpoint, by=by)


def cleaning_route(site_id: int) -> Route | None:
    """The site's cleaning route (one per site)."""
    return Route.objects.filter(site_id=site_id, kind=RouteKind.CLEANING).order_by("pk").first()


def _site_route(zone: CleaningZone, by) -> Route:
    route = cleaning_route(zone.site_id)
    if route is not None:
        return route
    route = Route(
        site=zone.site, name=ROUTE_NAME, kind=RouteKind.CLEANING, duration_minutes=ROUTE_MINUTES
    )
    route.full_clean()
    route.save()
    core.event_record(site=zone.site, verb="create", actor=by, target=route)
    return route


def _sync_stop(route: Route, zone: CleaningZone) -> None:
    """An active zone is a stop of the route (every stop due within the whole round)."""
    stops = RouteStop.objects.filter(route=route, checkpoint=zone.checkpoint)
    if not zone.is_active:
        stops.delete()
        return
    if stops.exists():
        return
    last = RouteStop.objects.filter(route=route).aggregate(n=Max("position"))["n"] or 0
    RouteStop.objects.create(
        route=route,
        checkpoint=zone.checkpoint,
        position=last + 1,
        offset_minutes=0,
        window_minutes=route.duration_minutes,
    )


def _sync_items(route: Route, checkpoint: Checkpoint, items: list[tuple[str, int]]) -> None:
    """Items change in place by their order; extra old ones go unless already answered."""
    old = list(CheckItem.objects.filter(route=route, checkpoint=checkpoint).order_by("position"))
    for n, (text, weight) in enumerate(items, start=1):
        item = old[n - 1] if n <= len(old) else CheckItem(route=route, checkpoint=checkpoint)
        if item.pk is None or (item.text, item.weight, item.position) != (text, weight, n):
            item.text, item.weight, item.position = text, weight, n
            item.save()
    extra = [item.pk for item in old[len(items) :]]
    if ItemResult.objects.filter(item_id__in=extra).exists():
        raise ValidationError(
            {"items": _("An item already used in inspections cannot be removed; reword it.")}
        )
    CheckItem.objects.filter(pk__in=extra).delete()


def zone_items(zone: CleaningZone) -> list[CheckItem]:
    """The zone's check items in order."""
    if zone.checkpoint_id is None:
        return []
    return list(
        CheckItem.objects.filter(
            checkpoint_id=zone.checkpoint_id, route__kind=RouteKind.CLEANING
        ).order_by("position", "pk")
    )


# Inspections ---------------------------------------------------------------------------------


def _check_answers(items, results: dict, photos: dict) -> list[tuple[int, bool, str]]:
    by_id = {int(k): v for k, v in (results or {}).items()}
    if set(by_id) != {item.pk for item in items}:
        raise ValidationError(_("Answer every check item of the zone, and only those."))
    rows = []
    for item in items:
        passed, note = by_id[item.pk]
        if not isinstance(passed, bool):
            raise ValidationError(_("Say whether each check item passed or failed."))
        if not passed and photos.get(item.pk) is None:
            raise ValidationError(
                _("Take a photo of the failed item “%(item)s”.") % {"item": item.text}
            )
        check_photo(photos.get(item.pk), field="__all__")
        rows.append((item.pk, passed, " ".join(str(note or "").split())))
    return rows


def _open_round(route: Route, checkpoint: Checkpoint, now) -> Round | None:
    """An open round of the route whose time covers now and that has not seen the zone."""
    return (
        Round.objects.filter(
            route=route,
            status=RoundStatus.OPEN,
            voided_at__isnull=True,
            starts_at__lte=now + engine.EARLY_START,
            ends_at__gte=now - engine.LATE_ALLOWANCE,
        )
        .exclude(scans__checkpoint=checkpoint)
        .first()
    )


@transaction.atomic
def zone_inspect(*, zone: CleaningZone, by, results: dict, photos: dict, spot: bool = False):
    """Inspect a zone now: an open round of the site's cleaning route takes the scan, or a spot
    round is started; every item answered, every failed one with a photo. ``spot`` marks an
    unannounced check (抽查) in the zone's history. Returns the scan outcome; the result handler
    opens the rectifications."""
    if not has_perm_at(by, INSPECT_PERM, zone.site_id):
        raise ValidationError(_("You may not inspect zones at this site."))
    if not zone.is_active or zone.checkpoint_id is None:
        raise ValidationError(_("This zone is no longer in use."))
    photos = {int(k): v for k, v in (photos or {}).items() if v is not None}
    rows = _check_answers(zone_items(zone), results, photos)
    route = cleaning_route(zone.site_id)
    now = timezone.now()
    if route is None or not route.is_active:
        raise ValidationError(_("The site's cleaning route is not in use."))
    if _open_round(route, zone.checkpoint, now) is None:
        engine.round_start(route=route, by=by, at=now)
    outcome = engine.scan_record(checkpoint=zone.checkpoint, by=by, results=rows, photos=photos)
    core.event_record(
        site=zone.site,
        verb="zone_spot_check" if spot else "zone_inspected",
        actor=by,
        target=zone,
        detail=outcome.round.number,
    )
    return outcome


def cleaning_results(scan, results: list[ItemResult], by, photos: dict) -> None:
    """The cleaning kind's result handler: a rectification for each failed item of a zone."""
    zone = CleaningZone.objects.filter(checkpoint_id=scan.checkpoint_id).first()
    failed = [r for r in results if not r.passed]
    if zone is None or not failed:
        return
    deadline = timezone.localdate() + timedelta(days=rectify_days())
    for result in failed:
        _open_rectification(zone, scan, result, deadline, photos.get(result.item_id), by)
    _tell_responsible(zone, failed, deadline)


def _open_rectification(zone, scan, result, deadline, photo, by) -> ZoneRectification:
    rect = ZoneRectification.objects.create(
        site_id=zone.site_id,
        zone=zone,
        round_id=scan.round_id,
        result=result,
        item_text=result.item.text[:200],
        responsible=zone.responsible,
        deadline=deadline,
    )
    if photo is not None:
        rect.photo = core.attachment_add(target=rect, upload=photo, by=by)
        rect.save(update_fields=["photo"])
    core.event_record(site=zone.site, verb="zone_failed", actor=by, target=rect, detail=result.note)
    return rect


def _tell_responsible(zone: CleaningZone, failed, deadline) -> None:
    user = zone.responsible.user
    if user is None or not user.is_active:
        return
    core.notify(
        site=zone.site,
        recipients=[user],
        level="warning",
        title=_("%(count)d item(s) of zone %(zone)s to rectify by %(deadline)s")
        % {"count": len(failed), "zone": zone.name, "deadline": deadline.isoformat()},
        body=", ".join(r.item.text for r in failed)[:500],
        url=reverse("environment:rectification_list") + "?mine=true",
    )


# Rectifications ------------------------------------------------------------------------------


def _relock(rectification: ZoneRectification) -> None:
    """Read the state afresh under a row lock so two people cannot both act on it."""
    fresh = ZoneRectification.objects.select_for_update().get(pk=rectification.pk)
    rectification.status = fresh.status
    rectification.rectified_by_id = fresh.rectified_by_id


def may_report(user, rectification: ZoneRectification) -> bool:
    """The person responsible, or a manager of the site's zones reporting on their behalf (the
    rectify permission alone, held by every cleaner, covers only the zones in their charge)."""
    if rectification.responsible.user_id == user.pk:
        return True
    site_id = rectification.site_id
    return has_perm_at(user, RECTIFY_PERM, site_id) and has_perm_at(user, MANAGE_PERM, site_id)


def may_recheck(user, rectification: ZoneRectification) -> bool:
    """A holder of the re-check permission who did not report the work."""
    return (
        has_perm_at(user, RECHECK_PERM, rectification.site_id)
        and rectification.rectified_by_id != user.pk
    )


@transaction.atomic
def rectification_report(
    *, rectification: ZoneRectification, by, note: str, photo=None
) -> ZoneRectification:
    """Report a failed item put right (what was done, optionally a photo)."""
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError({"note": [_("Say what was done.")]})
    if not may_report(by, rectification):
        raise ValidationError(_("Only the person responsible reports this rectification."))
    check_photo(photo)
    _relock(rectification)
    if rectification.status != RectificationStatus.OPEN:
        raise ValidationError(_("This item is not waiting for rectification."))
    rectification.status = RectificationStatus.REPORTED
    rectification.rectified_at, rectification.rectified_by = timezone.now(), by
    rectification.rectify_note = note[:200]
    rectification.save(update_fields=["status", "rectified_at", "rectified_by", "rectify_note"])
    if photo is not None:
        core.attachment_add(target=rectification, upload=photo, by=by)
    core.event_record(
        site=rectification.site, verb="zone_rectified", actor=by, target=rectification, detail=note
    )
    return rectification


@transaction.atomic
def rectification_recheck(
    *, rectification: ZoneRectification, by, passed: bool, note: str = ""
) -> ZoneRectification:
    """Re-check reported work: passed closes it; failed sends it back with a new deadline."""
    note = " ".join((note or "").split())
    _relock(rectification)
    if not has_perm_at(by, RECHECK_PERM, rectification.site_id):
        raise ValidationError(_("You may not re-check rectifications at this site."))
    if rectification.rectified_by_id == by.pk:
        raise ValidationError(_("Someone other than who reported the work re-checks it."))
    if rectification.status != RectificationStatus.REPORTED:
        raise ValidationError(_("This item has not been reported as rectified."))
    if not passed and not note:
        raise ValidationError({"note": [_("Say what is still wrong.")]})
    fields = ["status", "rechecked_at", "rechecked_by", "recheck_note"]
    rectification.rechecked_at, rectification.rechecked_by = timezone.now(), by
    rectification.recheck_note = note[:200]
    if passed:
        rectification.status = RectificationStatus.PASSED
    else:
        rectification.status = RectificationStatus.OPEN
        rectification.deadline = timezone.localdate() + timedelta(days=rectify_days())
        rectification.recheck_failures += 1
        fields += ["deadline", "recheck_failures"]
    rectification.save(update_fields=fields)
    verb = "zone_recheck_passed" if passed else "zone_recheck_failed"
    core.event_record(
        site=rectification.site, verb=verb, actor=by, target=rectification, detail=note
    )
    return rectification
