"""The demo compound's security patrols: twelve checkpoints around the compound, one day-and-night
patrol route (昼夜巡逻) with four check items, walked three times a day, every round of 2005 and
2006 with its scans, check results (mostly passed, a few failed with a note) and score, and
today's rounds still open. Rounds, scans and results are written in bulk."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from houqin.core.models import Location, ScanLink
from houqin.core.services import next_numbers
from houqin.inspections.choices import RoundStatus, RouteKind
from houqin.inspections.models import (
    Checkpoint,
    ItemResult,
    Round,
    Route,
    RouteStop,
    Scan,
)
from houqin.inspections.services import (
    ItemData,
    StopData,
    rounds_close_due,
    rounds_schedule,
    route_save,
)

PLACES = [
    ("东大门岗亭", Location.Kind.GATE),
    ("北门", Location.Kind.GATE),
    ("综合办公大楼大厅", Location.Kind.ROOM),
    ("地下车库入口", Location.Kind.OUTDOOR),
    ("配电房", Location.Kind.PLANT),
    ("消防水泵房", Location.Kind.PLANT),
    ("职工食堂后门", Location.Kind.OUTDOOR),
    ("档案室走廊", Location.Kind.ROOM),
    ("东侧围墙", Location.Kind.OUTDOOR),
    ("西侧围墙", Location.Kind.OUTDOOR),
    ("附属楼入口", Location.Kind.ROOM),
    ("来宾停车场", Location.Kind.OUTDOOR),
]
SHIFTS = [("早班巡逻", time(8, 0)), ("中班巡逻", time(16, 0)), ("夜间巡逻", time(0, 0))]
STOP_EVERY, STOP_WINDOW = 4, 15  # minutes between stops, minutes each stop is due
LATE_EVERY = {2005: 23, 2006: 37}  # about one round in this many is walked late
MISSED_2005 = 5  # rounds of 2005 with checkpoints missed
ITEMS = [
    ("门窗是否关闭", 2, ["北侧窗户未关，已关闭", "门锁损坏，已报修"]),
    ("消防器材是否完好", 2, ["灭火器压力不足", "消火栓箱门损坏"]),
    ("有无可疑人员或物品", 1, ["有人员徘徊，已盘问", "发现无主包裹，已上报"]),
    ("照明是否正常", 1, ["路灯不亮", "应急照明灯故障"]),
]
FAIL_EVERY = 150  # about one check result in this many fails


def _checkpoints(ctx) -> list[Checkpoint]:
    locations = []
    for i, (name, kind) in enumerate(PLACES, start=1):
        location, _created = Location.objects.get_or_create(
            site=ctx.site, code=f"XL-{i:02d}", defaults={"name": name, "kind": kind}
        )
        locations.append(location)
    checkpoints = Checkpoint.objects.bulk_create(
        Checkpoint(site=ctx.site, code=f"XL{i:02d}", name=loc.name, location=loc)
        for i, loc in enumerate(locations, start=1)
    )
    ct = ContentType.objects.get_for_model(Checkpoint)
    links = ScanLink.objects.bulk_create(
        ScanLink(site=ctx.site, purpose="checkpoint", content_type=ct, object_id=c.pk)
        for c in checkpoints
    )
    for checkpoint, link in zip(checkpoints, links, strict=True):
        checkpoint.scan_link = link
    Checkpoint.objects.bulk_update(checkpoints, ["scan_link"])
    return checkpoints


def _route(ctx, checkpoints) -> Route:
    route = Route(
        site=ctx.site, name="大院昼夜巡逻路线", kind=RouteKind.PATROL, duration_minutes=60
    )
    return route_save(
        route=route,
        stops=[StopData(c, i * STOP_EVERY, STOP_WINDOW) for i, c in enumerate(checkpoints)],
        schedules=SHIFTS,
        items=[ItemData(text, weight) for text, weight, _notes in ITEMS],
        by=ctx.users["secadmin"],
    )


class RoundBuilder:
    """Builds rounds and their scans in memory for a bulk insert."""

    def __init__(self, ctx, route: Route, stops: list[RouteStop]):
        self.ctx, self.route, self.stops = ctx, route, stops
        self.walkers = [ctx.users["guard"], ctx.users["duty"]]
        self.rounds: list[Round] = []
        self.scans: list[list[Scan]] = []
        self.results: list[list[ItemResult]] = []  # per scan, in the order of ``scans``
        self.items = list(route.items.order_by("position"))
        self.notes = {text: notes for text, _weight, notes in ITEMS}
        self.check_rng = random.Random(2006)  # its own stream: rounds stay as they were

    def add(self, starts_at: datetime, *, late: bool = False, missed: int = 0) -> None:
        rng, walker = self.ctx.rng, self.ctx.rng.choice(self.walkers)
        scans = []
        walked = self.stops[: len(self.stops) - missed]
        for stop in walked:
            delay = rng.randint(0, STOP_WINDOW - 3)
            if late and stop.position > len(self.stops) - 3:
                delay += STOP_WINDOW + rng.randint(5, 20)
            at = starts_at + timedelta(
                minutes=stop.offset_minutes + delay, seconds=rng.randint(0, 59)
            )
            scans.append(self._scan(stop, at, walker, on_time=delay <= STOP_WINDOW))
        status = (
            RoundStatus.MISSED if missed else (RoundStatus.LATE if late else RoundStatus.COMPLETE)
        )
        rnd = self._round(starts_at, status, walker, scans)
        rnd.score = self._check(scans)
        self.rounds.append(rnd)
        self.scans.append(scans)

    def _check(self, scans: list[Scan]) -> Decimal | None:
        """Results of every item at every scan (kept for the bulk insert); the round's score."""
        rng, passed_weight, total = self.check_rng, 0, 0
        for _scan in scans:
            results = []
            for item in self.items:
                passed = rng.randrange(FAIL_EVERY) != 0
                note = "" if passed else rng.choice(self.notes[item.text])
                results.append(ItemResult(item=item, passed=passed, note=note))
                total += item.weight
                passed_weight += item.weight if passed else 0
            self.results.append(results)
        if not total:
            return None
        return (Decimal(100) * passed_weight / total).quantize(Decimal("0.1"))

    def _scan(self, stop, at, walker, *, on_time: bool) -> Scan:
        received = at + timedelta(seconds=self.ctx.rng.randint(1, 4))
        return Scan(
            site=self.ctx.site,
            checkpoint_id=stop.checkpoint_id,
            scanned_at=at,
            received_at=received,
            scanned_by=walker,
            on_time=on_time,
        )

    def _round(self, starts_at, status, walker, scans) -> Round:
        return Round(
            site=self.ctx.site,
            route=self.route,
            kind=self.route.kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=self.route.duration_minutes),
            status=status,
            walked_by=walker,
            first_scan_at=scans[0].scanned_at if scans else None,
            last_scan_at=scans[-1].scanned_at if scans else None,
            scans_done=len(scans),
            stops_total=len(self.stops),
            created_at=starts_at,
        )

    def year(self, year: int) -> None:
        tz = timezone.get_current_timezone()
        rng, day, n = self.ctx.rng, date(year, 1, 1), 0
        missed_days = set(rng.sample(range(365), MISSED_2005)) if year == 2005 else set()
        while day.year == year:
            for shift, (_name, start) in enumerate(SHIFTS):
                starts_at = datetime.combine(day, start, tzinfo=tz)
                missed = rng.randint(1, 4) if shift == 2 and n // 3 in missed_days else 0
                self.add(starts_at, late=rng.randrange(LATE_EVERY[year]) == 0, missed=missed)
                n += 1
            day += timedelta(days=1)

    def save(self) -> None:
        by_year: dict[int, list[Round]] = {}
        for rnd in self.rounds:
            by_year.setdefault(timezone.localtime(rnd.starts_at).year, []).append(rnd)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="XL", year=year, count=len(group))
            for rnd, number in zip(group, numbers, strict=True):
                rnd.number = number
        Round.objects.bulk_create(self.rounds, batch_size=1000)
        for rnd, scans in zip(self.rounds, self.scans, strict=True):
            for scan in scans:
                scan.round = rnd
        scans = Scan.objects.bulk_create(
            [s for group in self.scans for s in group], batch_size=2000
        )
        for scan, results in zip(scans, self.results, strict=True):
            for result in results:
                result.scan = scan
        ItemResult.objects.bulk_create(
            [r for group in self.results for r in group], batch_size=5000
        )


def load(ctx) -> None:
    """Checkpoints, the patrol route, the rounds of 2005 and 2006, and today's open rounds."""
    checkpoints = _checkpoints(ctx)
    route = _route(ctx, checkpoints)
    builder = RoundBuilder(ctx, route, list(route.stops.order_by("position")))
    builder.year(2005)
    builder.year(2006)
    builder.save()
    rounds_schedule(site=ctx.site, day=timezone.localdate())
    rounds_close_due()  # today's rounds already over are missed, as the scheduled job would do
