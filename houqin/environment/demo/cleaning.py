"""Cleaning zones in the demo compound (分区划片、责任到人、严格督查): eleven zones over the
buildings and grounds, each with a cleaner responsible (the demo login ``service`` holds two), its
standard and its check items, kept on the site's cleaning route by the zone service; the weekly
inspection round of 2006 and of the last weeks, every zone checked item by item. A few items
failed: each became a rectification, put right and re-checked; the latest one is still open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from houqin.core.models import Building, Floor, Location, Person
from houqin.core.services import next_numbers
from houqin.environment.choices import RectificationStatus
from houqin.environment.models import CleaningZone, ZoneRectification
from houqin.environment.services.cleaning import (
    ROUTE_MINUTES,
    cleaning_route,
    zone_items,
    zone_save,
)
from houqin.inspections.choices import RoundStatus, RouteKind
from houqin.inspections.models import ItemResult, Round, Scan

# (code, name, building, floors or None for outdoors, area m²)
ZONES = [
    ("BJ-01", "综合办公大楼一楼大厅及门厅", "A", (1,), "680"),
    ("BJ-02", "综合办公大楼2—4楼公共区域", "A", (2, 3, 4), "1450"),
    ("BJ-03", "综合办公大楼5—7楼公共区域", "A", (5, 6, 7), "1450"),
    ("BJ-04", "综合办公大楼8—10楼公共区域", "A", (8, 9, 10), "1450"),
    ("BJ-05", "综合办公大楼11—12楼公共区域", "A", (11, 12), "980"),
    ("BJ-06", "综合办公大楼电梯及楼梯间", "A", None, "520"),
    ("BJ-07", "附属楼1—2楼", "B", (1, 2), "900"),
    ("BJ-08", "附属楼3—4楼", "B", (3, 4), "900"),
    ("BJ-09", "东大门及前广场", "", None, "2400"),
    ("BJ-10", "北门及停车场", "", None, "3100"),
    ("BJ-11", "垃圾收集点及公厕", "", None, "260"),
]
ITEMS = {
    "indoor": [("地面干净无污渍、无积水", 30), ("墙面、门窗、扶手无积灰", 25),
               ("卫生间无异味、洁具洁净", 30), ("垃圾桶及时清理", 15)],
    "outdoor": [("路面无垃圾、无杂物", 35), ("绿地内无白色垃圾", 20),
                ("垃圾桶（箱）外观整洁、不满溢", 25), ("排水沟畅通无淤积", 20)],
}  # fmt: skip
STANDARD = "每日两次清扫、全天保洁；按《机关大院保洁标准》执行，随时接受督查。"
FAIL_SHARE = 0.012
RECENT_WEEKS = 8
FAIL_NOTES = ["楼梯扶手有积灰", "垃圾桶满溢未清理", "卫生间地面有积水", "角落有烟头、纸屑"]


def _location(ctx, code: str, name: str, building: str, floors) -> Location:
    found = Location.objects.filter(site=ctx.site, code=code).first()
    if found is not None:
        return found
    build = Building.objects.get(site=ctx.site, code=building) if building else None
    floor = Floor.objects.get(building=build, level=floors[0]) if build and floors else None
    kind = Location.Kind.OTHER if build else Location.Kind.OUTDOOR
    return Location.objects.create(
        site=ctx.site, code=code, name=name, building=build, floor=floor, kind=kind
    )


def _zones(ctx) -> list[CleaningZone]:
    """The zones, saved through the zone service so that the cleaning route follows them."""
    by = ctx.users.get("env") or ctx.users["admin"]
    service = Person.objects.filter(user=ctx.users.get("service")).first()
    cleaners = [p for p in ctx.people if p.rank == Person.Rank.STAFF][-9:]
    responsible = [service, service, *cleaners] if service else cleaners + cleaners[:2]
    zones = []
    for (code, name, building, floors, area), person in zip(ZONES, responsible, strict=False):
        zone = CleaningZone(
            site=ctx.site,
            code=code,
            name=name,
            location=_location(ctx, f"HW-{code}", name, building, floors),
            responsible=person,
            standard=STANDARD,
            area_m2=Decimal(area),
        )
        items = ITEMS["indoor" if building else "outdoor"]
        zones.append(zone_save(zone=zone, items=items, by=by))
    return zones


@dataclass
class Inspections:
    """The weekly rounds of the cleaning route, their scans, results and rectifications."""

    ctx: object
    zones: list[CleaningZone]
    now: datetime
    rounds: list[Round] = field(default_factory=list)
    scans: list[tuple[Round, Scan]] = field(default_factory=list)
    results: list[tuple[Scan, ItemResult, CleaningZone]] = field(default_factory=list)

    def __post_init__(self):
        self.rng, self.tz = self.ctx.rng, timezone.get_current_timezone()
        self.route = cleaning_route(self.ctx.site.pk)
        self.walker = self.ctx.users.get("supervisor") or self.ctx.users["admin"]
        self.items = {zone.pk: zone_items(zone) for zone in self.zones}

    def week(self, day: date, force_fail: bool = False) -> None:
        """A round on Wednesday morning: every zone scanned in turn, every item answered
        (``force_fail``: the first item of the first zone fails)."""
        starts = datetime.combine(day, time(9), self.tz)
        rnd = Round(
            site=self.ctx.site, route=self.route, kind=RouteKind.CLEANING, starts_at=starts,
            ends_at=starts + timedelta(minutes=ROUTE_MINUTES), status=RoundStatus.COMPLETE,
            walked_by=self.walker, stops_total=len(self.zones), scans_done=len(self.zones),
            created_at=starts - timedelta(days=1), created_by=self.walker,
        )  # fmt: skip
        moment = starts + timedelta(minutes=5)
        passed = total = 0
        for zone in self.zones:
            scan = Scan(
                site=self.ctx.site, checkpoint_id=zone.checkpoint_id, scanned_at=moment,
                received_at=moment, scanned_by=self.walker,
            )  # fmt: skip
            self.scans.append((rnd, scan))
            for item in self.items[zone.pk]:
                ok = self.rng.random() >= FAIL_SHARE
                if force_fail and zone is self.zones[0] and item is self.items[zone.pk][0]:
                    ok = False
                note = "" if ok else self.rng.choice(FAIL_NOTES)
                result = ItemResult(item=item, passed=ok, note=note)
                self.results.append((scan, result, zone))
                total, passed = total + item.weight, passed + (item.weight if ok else 0)
            moment += timedelta(minutes=self.rng.randint(8, 15))
        rnd.first_scan_at, rnd.last_scan_at = starts + timedelta(minutes=5), moment
        rnd.score = (Decimal(100) * passed / total).quantize(Decimal("0.1"))
        self.rounds.append(rnd)

    def save(self) -> None:
        by_year: dict[int, list[Round]] = {}
        for rnd in self.rounds:
            by_year.setdefault(rnd.starts_at.year, []).append(rnd)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="XL", year=year, count=len(group))
            for rnd, number in zip(group, numbers, strict=True):
                rnd.number = number
        Round.objects.bulk_create(self.rounds)
        for rnd, scan in self.scans:
            scan.round = rnd
        Scan.objects.bulk_create([scan for _r, scan in self.scans])
        for scan, result, _zone in self.results:
            result.scan = scan
        ItemResult.objects.bulk_create([r for _s, r, _z in self.results], batch_size=2000)
        self.rectifications()

    def rectifications(self) -> None:
        """Each failed item: put right the next day and re-checked, but the latest is open."""
        failed = [(scan, r, zone) for scan, r, zone in self.results if not r.passed]
        rows = []
        for n, (scan, result, zone) in enumerate(failed):
            found = scan.scanned_at
            rect = ZoneRectification(
                site=self.ctx.site, zone=zone, round=scan.round, result=result,
                item_text=result.item.text, responsible=zone.responsible,
                deadline=timezone.localdate(found) + timedelta(days=2),
            )  # fmt: skip
            if n < len(failed) - 1:
                rect.status = RectificationStatus.PASSED
                rect.rectified_at = found + timedelta(hours=self.rng.randint(2, 20))
                rect.rectified_by = zone.responsible.user
                rect.rectify_note = "已按要求清理整改"
                rect.rechecked_at = rect.rectified_at + timedelta(hours=self.rng.randint(2, 20))
                rect.rechecked_by = self.walker
                rect.recheck_note = "复查合格"
            rows.append(rect)
        ZoneRectification.objects.bulk_create(rows)


def _weeks(today: date) -> list[date]:
    """The Wednesdays of 2006 and of the last weeks before today."""
    first = date(2006, 1, 4)
    days = [first + timedelta(weeks=n) for n in range(52)]
    recent = today - timedelta(days=(today.weekday() - 2) % 7 or 7)
    days += [recent - timedelta(weeks=n) for n in range(RECENT_WEEKS - 1, -1, -1)]
    return [day for day in days if day.year == 2006 or day > date(2006, 12, 31)]


def load(ctx) -> list[CleaningZone]:
    """The zones and their inspections."""
    zones = _zones(ctx)
    now = timezone.now()
    inspections = Inspections(ctx, zones, now)
    weeks = _weeks(timezone.localdate(now))
    for day in weeks:
        inspections.week(day, force_fail=day == weeks[-1])  # so that one is open now
    inspections.save()
    return zones
