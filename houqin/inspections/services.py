"""Writes of the inspection engine: checkpoints, routes, scheduling rounds, scans, check results,
findings and closing rounds that are past due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core import services as core
from houqin.core.db import insert
from houqin.core.models import Site
from houqin.core.permissions import has_perm_at
from houqin.inspections import registry
from houqin.inspections.choices import RoundStatus
from houqin.inspections.models import (
    CheckItem,
    Checkpoint,
    Finding,
    ItemResult,
    Round,
    RouteSchedule,
    RouteStop,
    Scan,
)

SCAN_PURPOSE = "checkpoint"
EARLY_START = timedelta(minutes=15)  # a round may be started a little before it is due
LATE_ALLOWANCE = timedelta(hours=1)  # scans are still taken this long after a round's "due by"
CLOCK_SKEW = timedelta(minutes=2)  # a phone clock may run a little ahead of the server
MAX_QUEUE_AGE = timedelta(hours=24)  # a scan queued offline longer than this is refused


# Checkpoints and routes ----------------------------------------------------------------------


@transaction.atomic
def checkpoint_save(*, checkpoint: Checkpoint, by) -> Checkpoint:
    """Create or change a checkpoint; a new one gets its printed scan link."""
    checkpoint.code = (checkpoint.code or "").strip().upper()
    checkpoint.full_clean()
    if checkpoint.location_id and checkpoint.location.site_id != checkpoint.site_id:
        raise ValidationError({"location": [_("Choose a location of the checkpoint's site.")]})
    created = checkpoint.pk is None
    checkpoint.save()
    if created:
        checkpoint.scan_link = core.scan_link_create(target=checkpoint, purpose=SCAN_PURPOSE)
        checkpoint.save(update_fields=["scan_link"])
        core.event_record(site=checkpoint.site, verb="create", actor=by, target=checkpoint)
    return checkpoint


def checkpoint_create(*, site: Site, name: str, code: str, by, location=None) -> Checkpoint:
    """A new checkpoint with its scan link (purpose "checkpoint")."""
    return checkpoint_save(
        checkpoint=Checkpoint(site=site, name=name, code=code, location=location), by=by
    )


@dataclass
class StopData:
    """One stop of a route being saved, in walking order."""

    checkpoint: Checkpoint
    offset_minutes: int = 0
    window_minutes: int = 30


@dataclass
class ItemData:
    """One check item of a route being saved (at every stop when ``checkpoint`` is None)."""

    text: str
    weight: int = 1
    checkpoint: Checkpoint | None = None


def _check_stops(route, stops: list[StopData]) -> None:
    if not stops:
        raise ValidationError(_("A route needs at least one checkpoint."))
    seen = set()
    for stop in stops:
        if stop.checkpoint.site_id != route.site_id:
            raise ValidationError(
                _("Checkpoint %(code)s is not at the route's site.")
                % {"code": stop.checkpoint.code}
            )
        if stop.checkpoint.pk in seen:
            raise ValidationError(
                _("Checkpoint %(code)s appears twice on the route.")
                % {"code": stop.checkpoint.code}
            )
        seen.add(stop.checkpoint.pk)
        if stop.offset_minutes + stop.window_minutes > route.duration_minutes + 60 * 24:
            raise ValidationError(_("A stop's window must end within a day of the start."))


def _check_schedules(times: list[time]) -> None:
    if len(set(times)) != len(times):
        raise ValidationError(_("Two schedules of the route start at the same time."))


@transaction.atomic
def route_save(
    *,
    route,
    stops: list[StopData],
    schedules: list[tuple[str, time]],
    items: list[ItemData],
    by,
):
    """Create or change a route with its ordered stops, daily schedules and check items (each
    list replaces the route's previous one). Rounds already scheduled keep their counts."""
    route.full_clean()
    _check_stops(route, stops)
    _check_schedules([start for _name, start in schedules])
    for item in items:
        if item.checkpoint is not None and item.checkpoint.pk not in {
            s.checkpoint.pk for s in stops
        }:
            raise ValidationError(_("A check item names a checkpoint that is not on the route."))
    created = route.pk is None
    route.save()
    if not created:
        route.stops.all().delete()
        route.schedules.all().delete()
        route.items.all().delete()
    _write_route_parts(route, stops, schedules, items)
    core.event_record(
        site=route.site, verb="create" if created else "change", actor=by, target=route
    )
    return route


def _write_route_parts(route, stops, schedules, items) -> None:
    RouteStop.objects.bulk_create(
        RouteStop(
            route=route,
            checkpoint=s.checkpoint,
            position=i,
            offset_minutes=s.offset_minutes,
            window_minutes=s.window_minutes,
        )
        for i, s in enumerate(stops, start=1)
    )
    RouteSchedule.objects.bulk_create(
        RouteSchedule(route=route, name=name[:50], start_time=start) for name, start in schedules
    )
    CheckItem.objects.bulk_create(
        CheckItem(
            route=route, checkpoint=i.checkpoint, text=i.text[:200], weight=i.weight, position=n
        )
        for n, i in enumerate(items, start=1)
    )


# Scheduling ----------------------------------------------------------------------------------


def _local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@transaction.atomic
def rounds_schedule(*, site: Site, day: date) -> list[Round]:
    """Create the day's rounds of every active route of ``site`` from its schedules; rounds that
    exist already are left alone, so running it twice creates nothing twice."""
    schedules = list(
        RouteSchedule.objects.filter(route__site=site, route__is_active=True).select_related(
            "route"
        )
    )
    wanted = {(s.route_id, _local(day, s.start_time)): s for s in schedules}
    if not wanted:
        return []
    existing = set(
        Round.objects.filter(
            site=site,
            route_id__in={r for r, _s in wanted},
            starts_at__in={at for _r, at in wanted},
            voided_at__isnull=True,
        ).values_list("route_id", "starts_at")
    )
    todo = [(key, s) for key, s in wanted.items() if key not in existing]
    return _create_rounds(site, todo)


def _create_rounds(site: Site, todo) -> list[Round]:
    if not todo:
        return []
    counts = dict(
        RouteStop.objects.filter(route_id__in={key[0] for key, _s in todo})
        .values("route_id")
        .annotate(n=Count("pk"))
        .values_list("route_id", "n")
    )
    todo.sort(key=lambda item: item[0][1])
    rounds = []
    for ((route_id, starts_at), schedule), number in zip(
        todo, _numbers(site, [key[1] for key, _s in todo]), strict=True
    ):
        route = schedule.route
        rounds.append(
            Round(
                site=site,
                number=number,
                route=route,
                kind=route.kind,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=route.duration_minutes),
                stops_total=counts.get(route_id, 0),
            )
        )
    return Round.objects.bulk_create(rounds)


def _numbers(site: Site, starts: list[datetime]) -> list[str]:
    """Record numbers for rounds starting at ``starts`` (sorted), by local year."""
    out: list[str] = []
    years = [timezone.localtime(at).year for at in starts]
    for year in sorted(set(years)):
        out += core.next_numbers(
            site=site, prefix=Round.number_prefix, year=year, count=years.count(year)
        )
    return out


@dataclass
class _RouteOnly:
    """Stands in for a schedule when a round is started by hand."""

    route: object


@transaction.atomic
def round_start(*, route, by, at: datetime | None = None) -> Round:
    """Start a spot (unscheduled) round of ``route`` now (or at ``at``), numbered like the
    scheduled ones; refused for a route out of use or a user who does not walk its kind at its
    site."""
    config = registry.kind_config(route.kind)
    if not route.is_active:
        raise ValidationError(_("This route is no longer in use."))
    if config is None or not has_perm_at(by, config.scan_perm, route.site_id):
        raise ValidationError(_("You do not walk rounds of this kind at this site."))
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise ValidationError(_("Give the start time with its time zone."))
    rnd = _create_rounds(route.site, [((route.pk, at), _RouteOnly(route))])[0]
    core.event_record(site=route.site, verb="round_started", actor=by, target=rnd)
    return rnd


# Scans ---------------------------------------------------------------------------------------


def _signed_part(token: str) -> str | None:
    """The signed token inside a scanned link (``…/s/<signed>/``) or the token itself; None
    for something that is not a signed token (a typed checkpoint code)."""
    token = token.strip()
    if "/s/" in token:
        token = token.split("/s/", 1)[1].split("?")[0].strip("/")
    return token if ":" in token else None


def checkpoint_from_token(*, token: str, user) -> Checkpoint:
    """The checkpoint a scanned code points at: a signed scan link, or a checkpoint code typed
    by hand (looked up at the sites where ``user`` walks rounds)."""
    signed = _signed_part(token)
    if signed is not None:
        try:
            link = core.scan_link_resolve(signed, purpose=SCAN_PURPOSE)
        except core.ScanLinkError as exc:
            raise ValidationError(exc.message, code="link") from exc
        checkpoint = Checkpoint.objects.select_related("site").filter(pk=link.object_id).first()
    else:
        sites = registry.walk_sites(user)
        found = Checkpoint.objects.select_related("site").filter(code=token.strip().upper())
        found = list(found if sites is None else found.filter(site_id__in=sites)[:2])
        checkpoint = found[0] if len(found) == 1 else None
    if checkpoint is None:
        raise ValidationError(_("This code is not known to the system."), code="unknown")
    return checkpoint


@dataclass
class ScanOutcome:
    """What a scan did: the scan (new or the one already recorded) and its round."""

    scan: Scan
    round: Round
    created: bool


def _check_scan_time(at: datetime, now: datetime) -> None:
    if timezone.is_naive(at):
        raise ValidationError(_("Give the scan time with its time zone."))
    if at > now + CLOCK_SKEW:
        raise ValidationError(_("The scan time is in the future; check the phone's clock."))
    if at < now - MAX_QUEUE_AGE:
        raise ValidationError(_("This scan is too old to be recorded."))


def _check_walker(checkpoint: Checkpoint, by) -> list[str]:
    if not checkpoint.is_active:
        raise ValidationError(_("This checkpoint is no longer in use."))
    kinds = registry.walkable_kinds(by, checkpoint.site_id)
    if not kinds:
        raise ValidationError(
            _("This checkpoint belongs to a site where you do not walk rounds."), code="site"
        )
    return kinds


def _candidate_rounds(checkpoint: Checkpoint, kinds: list[str], at: datetime) -> list[Round]:
    """Rounds of routes through ``checkpoint`` whose time covers ``at``, each annotated with the
    checkpoint's stop (position, offset, window); one query, the rounds locked for the update."""
    qs = (
        Round.objects.filter(
            site_id=checkpoint.site_id,
            kind__in=kinds,
            voided_at__isnull=True,
            starts_at__lte=at + EARLY_START,
            ends_at__gte=at - LATE_ALLOWANCE,
            route__stops__checkpoint=checkpoint,
        )
        .annotate(
            stop_position=F("route__stops__position"),
            stop_due=F("route__stops__offset_minutes"),
            stop_window=F("route__stops__window_minutes"),
        )
        .order_by("starts_at")
    )
    return list(qs.select_for_update(of=("self",)))


def _find_rounds(checkpoint, kinds, at) -> list[Round]:
    rounds = _candidate_rounds(checkpoint, kinds, at)
    if rounds:
        return rounds
    # The first scan of a day may come before the scheduler ran: schedule, then look again.
    day = timezone.localtime(at).date()
    for d in (day - timedelta(days=1), day):
        rounds_schedule(site=checkpoint.site, day=d)
    return _candidate_rounds(checkpoint, kinds, at)


def _scans_by_round(rounds: list[Round]) -> dict[int, list[tuple]]:
    """(checkpoint id, scanned_at, position) of every scan of the rounds, by round."""
    rows = Scan.objects.filter(
        round__in=rounds, checkpoint__stops__route_id=F("round__route_id")
    ).values_list("round_id", "pk", "checkpoint_id", "scanned_at", "checkpoint__stops__position")
    out: dict[int, list[tuple]] = {r.pk: [] for r in rounds}
    for round_id, pk, checkpoint_id, scanned_at, position in rows:
        out[round_id].append((pk, checkpoint_id, scanned_at, position))
    return out


def _pick_round(rounds, scans, checkpoint, at):
    """The round the scan belongs to, or the scan already recorded (the same queued scan sent
    again); refuses a second scan of the same checkpoint."""
    for rnd in rounds:
        for pk, checkpoint_id, scanned_at, _position in scans[rnd.pk]:
            if checkpoint_id == checkpoint.pk and scanned_at == at:
                return rnd, pk
    for rnd in rounds:
        done = {row[1] for row in scans[rnd.pk]}
        if rnd.status == RoundStatus.OPEN and checkpoint.pk not in done:
            return rnd, None
    if rounds:
        raise ValidationError(
            _("This checkpoint has already been scanned on this round."), code="duplicate"
        )
    raise ValidationError(_("No round through this checkpoint is due at this time."), code="none")


def round_scan(*, checkpoint: Checkpoint, by, scanned_at=None, queued: bool = False) -> ScanOutcome:
    """Record that ``by`` scanned ``checkpoint`` (now, or at ``scanned_at`` for a scan queued
    offline) on the open round of a route through it whose time covers the scan.

    The same queued scan sent twice is recorded once (``created`` is False the second time);
    another site's checkpoint, a second scan of a checkpoint, or a time in the future or past
    what the round allows is refused with a ValidationError."""
    now = timezone.now()
    at = scanned_at or now
    _check_scan_time(at, now)
    kinds = _check_walker(checkpoint, by)
    with transaction.atomic():
        rounds = _find_rounds(checkpoint, kinds, at)
        scans = _scans_by_round(rounds)
        rnd, existing = _pick_round(rounds, scans, checkpoint, at)
        if existing is not None:
            scan = Scan.objects.select_related("checkpoint").get(pk=existing)
            scan.round = rnd
            return ScanOutcome(scan=scan, round=rnd, created=False)
        scan = _insert_scan(rnd, scans[rnd.pk], checkpoint, by, at, now, queued)
        _count_scan(rnd, scan, by)
    return ScanOutcome(scan=scan, round=rnd, created=True)


def _insert_scan(rnd, earlier, checkpoint, by, at, now, queued) -> Scan:
    due_by = rnd.starts_at + timedelta(minutes=rnd.stop_due + rnd.stop_window)
    in_order = not any(
        scanned < at and position > rnd.stop_position for _pk, _c, scanned, position in earlier
    )
    scan = Scan(
        site_id=checkpoint.site_id,
        round=rnd,
        checkpoint=checkpoint,
        scanned_at=at,
        received_at=now,
        scanned_by=by,
        queued=queued,
        in_order=in_order,
        on_time=at <= due_by,
    )
    return insert(scan)


def _count_scan(rnd: Round, scan: Scan, by) -> None:
    """Update the round's counters (and its status once every checkpoint is scanned)."""
    rnd.scans_done += 1
    rnd.first_scan_at = min(filter(None, [rnd.first_scan_at, scan.scanned_at]))
    rnd.last_scan_at = max(filter(None, [rnd.last_scan_at, scan.scanned_at]))
    fields = ["scans_done", "first_scan_at", "last_scan_at"]
    if rnd.walked_by_id is None:
        rnd.walked_by = by
        fields.append("walked_by")
    if rnd.scans_done >= rnd.stops_total:
        rnd.status = _finished_status(rnd)
        fields.append("status")
    # A plain UPDATE: the counters change with every scan, and the scans themselves are the
    # history; the audit log would add three queries to the hottest write of the module.
    Round.objects.filter(pk=rnd.pk).update(**{f: getattr(rnd, f) for f in fields})
    if "status" in fields:
        core.event_record(site=rnd.site, verb="round_done", actor=by, target=rnd)


def _finished_status(rnd: Round) -> str:
    """Complete, late or out of order, for a round whose every checkpoint was scanned."""
    flags = Scan.objects.filter(round=rnd).aggregate(
        late=Count("pk", filter=Q(on_time=False)), disorder=Count("pk", filter=Q(in_order=False))
    )
    if flags["late"] or (rnd.last_scan_at and rnd.last_scan_at > rnd.ends_at):
        return RoundStatus.LATE
    if flags["disorder"]:
        return RoundStatus.OUT_OF_ORDER
    return RoundStatus.COMPLETE


# Check results and findings ------------------------------------------------------------------

NOTE_MAX = 200  # characters of a check result's note


@transaction.atomic
def scan_record(
    *,
    checkpoint: Checkpoint,
    by,
    scanned_at=None,
    queued: bool = False,
    results: list[tuple[int, bool, str]] = (),
    photos: dict | None = None,
) -> ScanOutcome:
    """Record a scan and the check results taken with it in one transaction: a refused result
    leaves no scan behind. For the same queued scan sent again, its results replace the ones
    recorded for those items. ``photos`` (item id → uploaded file) go to the kind's result
    handler."""
    outcome = round_scan(checkpoint=checkpoint, by=by, scanned_at=scanned_at, queued=queued)
    if results:
        round_record_results(scan=outcome.scan, results=list(results), by=by, photos=photos)
    return outcome


def _check_results(results, items: dict) -> None:
    seen = set()
    for item_id, passed, note in results:
        if item_id not in items:
            raise ValidationError(_("A check item does not belong to this checkpoint."))
        if item_id in seen:
            raise ValidationError(_("A check item is given twice."))
        if not isinstance(passed, bool):
            raise ValidationError(_("Say whether each check item passed or failed."))
        if len(note or "") > NOTE_MAX:
            raise ValidationError(
                _("A note may have at most %(max)d characters.") % {"max": NOTE_MAX}
            )
        seen.add(item_id)


def scan_result_allowed(*, scan: Scan, user) -> bool:
    """Whether ``user`` may record check results at ``scan``: whoever took it, or anyone who
    walks rounds of its kind at its site."""
    if scan.scanned_by_id == user.pk:
        return True
    config = registry.kind_config(scan.round.kind)
    return config is not None and has_perm_at(user, config.scan_perm, scan.site_id)


@transaction.atomic
def round_record_results(
    *, scan: Scan, results: list[tuple[int, bool, str]], by, photos: dict | None = None
) -> Round:
    """Record pass/fail for check items at a scan (``(item id, passed, note)``) and recompute
    the round's score: passed weight over checked weight, out of 100. The kind's result handler
    then sees the written results (with ``photos``: item id → uploaded file)."""
    rnd = scan.round
    if rnd.voided_at is not None:
        raise ValidationError(_("This round is void."))
    items = {
        i.pk: i
        for i in CheckItem.objects.filter(route_id=rnd.route_id).filter(
            Q(checkpoint__isnull=True) | Q(checkpoint_id=scan.checkpoint_id)
        )
    }
    _check_results(results, items)
    ItemResult.objects.filter(scan=scan, item_id__in=[r[0] for r in results]).delete()
    written = ItemResult.objects.bulk_create(
        ItemResult(scan=scan, item=items[item_id], passed=passed, note=(note or "")[:200])
        for item_id, passed, note in results
    )
    rnd.score = round_score(rnd)
    # A plain UPDATE like the scan counters: the results are the history, and the event below
    # records who changed them.
    Round.objects.filter(pk=rnd.pk).update(score=rnd.score)
    core.event_record(site=rnd.site, verb="results", actor=by, target=rnd)
    config = registry.kind_config(rnd.kind)
    if config is not None and config.result_handler is not None:
        config.result_handler(scan, written, by, photos or {})
    return rnd


def round_score(rnd: Round) -> Decimal | None:
    """Passed weight over checked weight of a round's results, out of 100 (one aggregate)."""
    row = ItemResult.objects.filter(scan__round=rnd).aggregate(
        total=Sum("item__weight"), passed=Sum("item__weight", filter=Q(passed=True))
    )
    if not row["total"]:
        return None
    return (Decimal(100) * (row["passed"] or 0) / row["total"]).quantize(Decimal("0.1"))


@transaction.atomic
def finding_report(
    *,
    round: Round,
    description: str,
    by,
    checkpoint: Checkpoint | None = None,
    photo=None,
    category: str = "",
) -> Finding:
    """Report something found on a round; the kind's handler opens the module's own record
    (a hazard, a work order) and the finding points at it."""
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError({"description": [_("Describe what was found.")]})
    config = registry.kind_config(round.kind)
    if round.voided_at is not None or config is None:
        raise ValidationError(_("Findings cannot be reported on this round."))
    if not has_perm_at(by, config.scan_perm, round.site_id):
        raise ValidationError(_("You do not walk rounds at this site."))
    if checkpoint is not None and checkpoint.site_id != round.site_id:
        raise ValidationError({"checkpoint": [_("Not at the round's site.")]})
    finding = Finding(
        site_id=round.site_id,
        round=round,
        checkpoint=checkpoint,
        description=description[:500],
        reported_by=by,
    )
    finding.save()
    finding.category = category  # read by the handler; not stored by the engine
    _open_record(finding, config, photo, by)
    core.event_record(site=round.site, verb="finding", actor=by, target=round, detail=description)
    return finding


def _open_record(finding: Finding, config, photo, by) -> None:
    if config.finding_handler is None:
        return
    record = config.finding_handler(finding, photo, by)
    if record is not None:
        finding.opened_type = ContentType.objects.get_for_model(record)
        finding.opened_id = record.pk
        finding.save(update_fields=["opened_type", "opened_id"])


# Closing -------------------------------------------------------------------------------------


def rounds_close_due(*, now: datetime | None = None) -> int:
    """Close the open rounds whose time (with the late allowance) is over: missed when a
    checkpoint was not scanned, otherwise complete, late or out of order. Returns how many."""
    now = now or timezone.now()
    due = Round.objects.filter(
        status=RoundStatus.OPEN, voided_at__isnull=True, ends_at__lt=now - LATE_ALLOWANCE
    ).select_related("site")
    closed = 0
    with transaction.atomic():
        for rnd in due.select_for_update(of=("self",)):
            rnd.status = (
                RoundStatus.MISSED if rnd.scans_done < rnd.stops_total else _finished_status(rnd)
            )
            rnd.save(update_fields=["status"])
            core.event_record(site=rnd.site, verb="round_closed", target=rnd)
            closed += 1
    return closed


def round_void(*, round: Round, by, reason: str) -> None:
    """Void a round (scheduled by mistake, a drill): it stays listed and stops counting."""
    core.record_void(record=round, by=by, reason=reason)
