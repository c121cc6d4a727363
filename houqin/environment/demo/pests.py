"""Vector density surveys and control actions in the demo compound: rodents, mosquitoes and
flies surveyed every quarter at level C or better; cockroaches surveyed in 2005, at level C in
the spring of 2006 and re-inspected in the autumn at level B (蟑螂复查顺利通过); every pest
every quarter this year to date. The levels are not stored: they come from these counts and
the thresholds of the GB/T 27770–27773 edition in force on each survey's day (the earliest
edition for the years before it, as the seed's figures are read against it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from houqin.core.services import next_numbers
from houqin.environment.choices import ControlMethod, Pest
from houqin.environment.models import PestControlAction, PestSurvey
from houqin.environment.services.pests import standard_to_rate

# pest → counts of a survey at level B (C for the cockroaches' spring survey)
COUNTS = {
    Pest.RODENT: dict(
        rooms_inspected=200, rooms_positive=4, powder_patches=400, powder_positive=9,
        proofing_inspected=100, proofing_defective=4, path_m=2000, path_positive=3,
    ),
    Pest.MOSQUITO: dict(
        path_m=2000, path_positive=1, water_inspected=60, water_positive=1, dips=200,
        dips_positive=4, larvae_pupae=14, landing_count=8, landing_person_times=10,
    ),
    Pest.FLY: dict(
        rooms_inspected=200, rooms_positive=9, adults=20, proofing_inspected=100,
        proofing_defective=4, breeding_inspected=50, breeding_positive=1,
    ),
    Pest.COCKROACH: dict(
        rooms_inspected=200, rooms_positive=4, large_roaches=10, small_roaches=16,
        ootheca_rooms=3, oothecae=7, trace_rooms=9,
    ),
}  # fmt: skip
ROACH_SPRING = dict(
    rooms_inspected=200, rooms_positive=9, large_roaches=30, small_roaches=52,
    ootheca_rooms=5, oothecae=15, trace_rooms=13,
)  # fmt: skip
SCOPE = "综合办公大楼、附属楼、食堂及外环境"
QUARTER_DAYS = [(3, 15), (6, 14), (9, 13), (12, 8)]
ACTIONS = [
    (Pest.RODENT, ControlMethod.BAIT, "溴敌隆毒饵", "kg", "12"),
    (Pest.COCKROACH, ControlMethod.GEL, "氟虫腈胶饵", "支", "40"),
    (Pest.MOSQUITO, ControlMethod.CLEARANCE, "", "", None),
    (Pest.FLY, ControlMethod.SPRAY, "高效氯氰菊酯", "L", "6"),
]


def _varied(rng, counts: dict) -> dict:
    """The same survey with a little noise in the positives, never a worse level."""
    out = dict(counts)
    for name, value in counts.items():
        if name.endswith("positive") or name in ("adults", "oothecae", "small_roaches"):
            out[name] = max(0, value - rng.randint(0, 1))
    return out


def _plan(ctx, today: date) -> list[tuple]:
    """(pest, day, counts, is_recheck, note) of every survey, oldest first."""
    rng, plan = ctx.rng, []
    years = [2005, 2006] + ([today.year] if today.year > 2006 else [])
    for year in years:
        for month, day in QUARTER_DAYS:
            when = date(year, month, day)
            if when >= today:
                continue
            for pest in (Pest.RODENT, Pest.MOSQUITO, Pest.FLY):
                plan.append((pest, when, _varied(rng, COUNTS[pest]), False, ""))
            if year != 2006:
                plan.append((Pest.COCKROACH, when, _varied(rng, COUNTS[Pest.COCKROACH]), False, ""))
    plan.append((Pest.COCKROACH, date(2006, 4, 20), ROACH_SPRING, False, "春季监测，达到C级"))
    plan.append(
        (Pest.COCKROACH, date(2006, 10, 18), COUNTS[Pest.COCKROACH], True, "蟑螂复查，达到B级")
    )
    return sorted(plan, key=lambda row: row[1])


def _surveys(ctx, today: date) -> None:
    by = ctx.users.get("env") or ctx.users["admin"]
    rows = []
    for pest, day, counts, recheck, note in _plan(ctx, today):
        rows.append(
            PestSurvey(
                site=ctx.site,
                number=next_numbers(site=ctx.site, prefix="BM", year=day.year)[0],
                pest=pest,
                surveyed_on=day,
                standard=standard_to_rate(pest, day),
                is_recheck=recheck,
                scope=SCOPE,
                surveyed_by=by,
                created_by=by,
                created_at=datetime.combine(day, time(17), timezone.get_current_timezone()),
                note=note,
                **counts,
            )
        )
    PestSurvey.objects.bulk_create(rows)


def _actions(ctx, today: date) -> None:
    """A round of control actions a month before each spring and autumn survey."""
    by = ctx.users.get("env") or ctx.users["admin"]
    days = [date(y, m, 10) for y in range(2005, today.year + 1) for m in (3, 9)]
    days = [d for d in days if d.year in (2005, 2006) or (d.year == today.year and d < today)]
    rows = []
    for day in days:
        for pest, method, agent, unit, quantity in ACTIONS:
            rows.append(
                PestControlAction(
                    site=ctx.site,
                    number=next_numbers(site=ctx.site, prefix="XS", year=day.year)[0],
                    pest=pest,
                    done_on=day - timedelta(days=ctx.rng.randint(0, 5)),
                    method=method,
                    agent=agent,
                    unit=unit,
                    quantity=quantity,
                    area=SCOPE,
                    done_by="郴州市爱卫办消杀队",
                    created_by=by,
                )
            )
    PestControlAction.objects.bulk_create(rows)


def load(ctx) -> None:
    today = timezone.localdate()
    _surveys(ctx, today)
    _actions(ctx, today)
