"""Duty-roster generation (值班执勤 排班) with OR-Tools CP-SAT.

Pure Python: the service turns the database into a :class:`RosterProblem`, this module returns a
:class:`RosterResult` — assignments, or sentences a duty manager understands saying why no
roster exists. Nothing here raises on an impossible request.

Hard constraints: every post covered on every shift by qualified people; nobody on two posts at
once; a minimum rest between two shifts of one person (in absolute time, so shifts crossing
midnight are handled); a cap on consecutive night shifts; leave respected; an optional monthly
cap per person; in special protection periods (特防期) a leader of middle management or above on
duty (带班) on every shift. The objective shares unsocial shifts (night, weekend, holiday) and
all shifts fairly: it minimises the spread (max − min) among the regular staff.
"""

from __future__ import annotations

import calendar
import itertools
import time as clock
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from houqin.utils.workdays import calendar_day

UNSOCIAL_WEIGHTS = {"night": 2, "weekend": 1, "holiday": 2}
FAIRNESS_WEIGHT = 10  # unsocial spread counts ten times more than the spread of all shifts
# A duty manager waits for the roster in the browser: the search stops after this many seconds
# with the best roster found, or earlier once no one has more than one unsocial shift and one
# shift in all above anyone else — as fair as whole shifts allow.
TIME_LIMIT = 8.0
GOOD_ENOUGH = FAIRNESS_WEIGHT * 1 + 1


@dataclass(frozen=True)
class StaffMember:
    """A person who can be rostered: the posts they may stand and the days they cannot."""

    id: int
    name: str
    posts: frozenset[int] = frozenset()
    is_leader: bool = False  # middle management or above: may lead the shift (带班)
    unavailable: frozenset[date] = frozenset()


@dataclass(frozen=True)
class PostSpec:
    """A post and how many people it needs on every shift."""

    id: int
    name: str
    staff_per_shift: int = 1


@dataclass(frozen=True)
class ShiftSpec:
    """A shift of the daily pattern; the 00:00 shift of a day starts at that day's midnight."""

    id: int
    name: str
    start: dtime
    hours: int = 8
    is_night: bool = False


@dataclass(frozen=True)
class DaySpec:
    """A day of the month with its calendar flags (chinese-calendar, 调休 included)."""

    date: date
    is_weekend: bool = False  # a Saturday or Sunday that is not a 调休 working day
    is_holiday: bool = False  # a statutory holiday (法定节假日) day off
    is_adjusted_workday: bool = False  # a weekend day worked in exchange (调休上班)


@dataclass(frozen=True)
class RosterSettings:
    """The rules of the roster a duty manager may change."""

    min_rest_hours: int = 16
    max_consecutive_nights: int = 3
    max_shifts_per_person: int | None = None
    time_limit: float = TIME_LIMIT


@dataclass
class RosterProblem:
    """A month of a site: people, posts, shifts, days and special protection dates."""

    people: list[StaffMember]
    posts: list[PostSpec]
    shifts: list[ShiftSpec]
    days: list[DaySpec]
    special_dates: frozenset[date] = frozenset()
    settings: RosterSettings = field(default_factory=RosterSettings)


@dataclass(frozen=True)
class RosterAssignment:
    """One person on one post (``post_id`` None: the 带班 leader) for one shift of one day."""

    day: date
    shift_id: int
    post_id: int | None
    person_id: int


@dataclass
class RosterResult:
    """Assignments when a roster was found, explanations otherwise."""

    status: str
    assignments: list[RosterAssignment] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)
    seconds: float = 0.0
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    spread: int | None = None

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


def month_days(month: date) -> list[DaySpec]:
    """The days of ``month`` with weekend, holiday and 调休 flags (weekends only where the
    calendar has no data for the year)."""
    last = calendar.monthrange(month.year, month.month)[1]
    return [day_spec(date(month.year, month.month, d)) for d in range(1, last + 1)]


def day_spec(day: date) -> DaySpec:
    """One day's calendar flags."""
    official = calendar_day(day)
    return DaySpec(
        date=day,
        is_weekend=official.is_weekend and not official.is_workday,
        is_holiday=bool(official.holiday),
        is_adjusted_workday=official.is_weekend and official.is_workday,
    )


# --- absolute time -------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One shift of one day in absolute time (naive wall-clock, one zone)."""

    index: int
    day: DaySpec
    shift: ShiftSpec
    start: datetime
    end: datetime

    @property
    def weight(self) -> int:
        """How unsocial the shift is (night, weekend, holiday)."""
        w = UNSOCIAL_WEIGHTS["night"] if self.shift.is_night else 0
        w += UNSOCIAL_WEIGHTS["weekend"] if self.day.is_weekend else 0
        return w + (UNSOCIAL_WEIGHTS["holiday"] if self.day.is_holiday else 0)


def slots_of(problem: RosterProblem) -> list[Slot]:
    """Every (day, shift) of the month in order of start time."""
    pairs = []
    for day in problem.days:
        for shift in problem.shifts:
            start = datetime.combine(day.date, shift.start)
            pairs.append((start, day, shift))
    pairs.sort(key=lambda p: (p[0], p[2].id))
    return [
        Slot(i, day, shift, start, start + timedelta(hours=shift.hours))
        for i, (start, day, shift) in enumerate(pairs)
    ]


def too_close(a: Slot, b: Slot, rest_hours: int) -> bool:
    """True if one person may not work both: they overlap or leave less than the rest."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return second.start < first.end + timedelta(hours=rest_hours)


def rest_conflicts(slots: list[Slot], rest_hours: int) -> list[tuple[int, int]]:
    """Pairs of slot indexes too close together for one person."""
    pairs = []
    for i, a in enumerate(slots):
        for b in slots[i + 1 :]:
            if b.start >= a.end + timedelta(hours=rest_hours):
                break
            pairs.append((a.index, b.index))
    return pairs


def max_per_day(problem: RosterProblem) -> int:
    """How many shifts of one day one person may work under the rest rule (greedy, exact for
    intervals)."""
    count, last = 0, None
    slots = slots_of(RosterProblem([], [], problem.shifts, problem.days[:1]))
    for slot in sorted(slots, key=lambda s: s.end):
        if last is None or not too_close(last, slot, problem.settings.min_rest_hours):
            count, last = count + 1, slot
    return max(count, 1)


# --- names in sentences ----------------------------------------------------------------------


def _names(problem: RosterProblem):
    posts = {p.id: p for p in problem.posts}
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    return posts, people, shifts


def _people_phrase(count: int) -> str:
    if count == 1:
        return _("1 person")
    return _("%(count)d people") % {"count": count}


# --- the fast pre-check ------------------------------------------------------------------------


def precheck(problem: RosterProblem) -> list[str]:
    """Plain sentences for impossibilities visible without solving: missing qualified people on a
    day, missing leaders on a special-period day, total demand above what the rules allow."""
    if not problem.shifts or not problem.days:
        return [_("The site has no active shifts; add the shift pattern first.")]
    if not problem.posts:
        return [_("The site has no active duty posts; add the posts first.")]
    per_day = max_per_day(problem)
    messages = []
    for day in problem.days:
        messages += _precheck_posts(problem, day.date, per_day)
        if day.date in problem.special_dates:
            messages += _precheck_leaders(problem, day.date, per_day)
    return messages or _precheck_total(problem, per_day)


def _available(problem: RosterProblem, day: date, test) -> list[StaffMember]:
    return [p for p in problem.people if day not in p.unavailable and test(p)]


def _precheck_posts(problem: RosterProblem, day: date, per_day: int) -> list[str]:
    messages = []
    for post in problem.posts:
        found = len(_available(problem, day, lambda p, post=post: post.id in p.posts))
        if found < post.staff_per_shift:
            messages.append(
                _(
                    "The post “%(post)s” needs %(needed)s on every shift, but on %(day)s only "
                    "%(found)s qualified for it are not on leave."
                )
                % {
                    "post": post.name,
                    "needed": _people_phrase(post.staff_per_shift),
                    "day": day.isoformat(),
                    "found": _people_phrase(found),
                }
            )
        elif found * per_day < post.staff_per_shift * len(problem.shifts):
            messages.append(_rest_sentence(problem, post, day, found))
    return messages


def _rest_sentence(problem: RosterProblem, post: PostSpec, day: date, found: int) -> str:
    return _(
        "The post “%(post)s” needs %(needed)s on each of the %(shifts)d shifts of %(day)s, but "
        "only %(found)s qualified for it are not on leave, and with at least %(rest)d hours of "
        "rest between shifts nobody may work more than %(per_day)d shift(s) a day."
    ) % {
        "post": post.name,
        "needed": _people_phrase(post.staff_per_shift),
        "shifts": len(problem.shifts),
        "day": day.isoformat(),
        "found": _people_phrase(found),
        "rest": problem.settings.min_rest_hours,
        "per_day": max_per_day(problem),
    }


def _precheck_leaders(problem: RosterProblem, day: date, per_day: int) -> list[str]:
    found = len(_available(problem, day, lambda p: p.is_leader))
    if found == 0:
        return [
            _(
                "%(day)s is in a special protection period, so every shift needs a leader of "
                "middle management or above on duty (带班), but no such leader is available "
                "that day."
            )
            % {"day": day.isoformat()}
        ]
    if found * per_day < len(problem.shifts):
        return [
            _(
                "%(day)s is in a special protection period, so each of its %(shifts)d shifts "
                "needs a leader on duty (带班), but only %(found)s of middle management or above "
                "are available, and the rest rule lets each lead at most %(per_day)d shift(s) a "
                "day."
            )
            % {
                "day": day.isoformat(),
                "shifts": len(problem.shifts),
                "found": _people_phrase(found),
                "per_day": per_day,
            }
        ]
    return []


def demand(problem: RosterProblem) -> int:
    """Person-shifts the month needs, leaders on duty included."""
    per_shift = sum(p.staff_per_shift for p in problem.posts)
    special = sum(1 for d in problem.days if d.date in problem.special_dates)
    return (per_shift * len(problem.days) + special) * len(problem.shifts)


def _precheck_total(problem: RosterProblem, per_day: int) -> list[str]:
    cap = problem.settings.max_shifts_per_person
    supply = 0
    for person in problem.people:
        if not person.posts and not person.is_leader:
            continue
        free = sum(1 for d in problem.days if d.date not in person.unavailable) * per_day
        supply += free if cap is None else min(cap, free)
    needed = demand(problem)
    if needed <= supply:
        return []
    return [
        _(
            "The month needs %(needed)d person-shifts, but the rest rule, leave and the "
            "monthly cap of shifts allow at most %(supply)d; add people or relax a rule."
        )
        % {"needed": needed, "supply": supply}
    ]


# --- the CP-SAT model ----------------------------------------------------------------------------


class _Model:
    """The CP-SAT model with one enforcement literal per group of constraints, so that an
    infeasible request can be traced back to the groups that conflict."""

    def __init__(self, problem: RosterProblem):
        self.problem, self.model = problem, cp_model.CpModel()
        self.slots = slots_of(problem)
        self.groups: dict[tuple, cp_model.IntVar] = {}
        self.x: dict[tuple[int, int, int | None], cp_model.IntVar] = {}  # person, slot, post
        self.works: dict[tuple[int, int], list] = defaultdict(list)  # person, slot -> vars
        self._variables()
        self._coverage()
        self._person_rules()
        self._objective()

    def group(self, *key) -> cp_model.IntVar:
        """The enforcement literal of a constraint group, created on first use."""
        if key not in self.groups:
            self.groups[key] = self.model.new_bool_var(repr(key))
        return self.groups[key]

    def _variables(self) -> None:
        special = self.problem.special_dates
        for person in self.problem.people:
            for slot in self.slots:
                posts = [p.id for p in self.problem.posts if p.id in person.posts]
                if person.is_leader and slot.day.date in special:
                    posts.append(None)
                for post_id in posts:
                    var = self.model.new_bool_var(f"x{person.id}_{slot.index}_{post_id}")
                    self.x[person.id, slot.index, post_id] = var
                    self.works[person.id, slot.index].append(var)

    def _coverage(self) -> None:
        by_post = defaultdict(list)
        for (_person, slot, post_id), var in self.x.items():
            by_post[slot, post_id].append(var)
        for slot in self.slots:
            day = slot.day.date
            for post in self.problem.posts:
                self.model.add(
                    sum(by_post[slot.index, post.id]) == post.staff_per_shift
                ).only_enforce_if(self.group("cover", post.id, day))
            if day in self.problem.special_dates:
                self.model.add(sum(by_post[slot.index, None]) == 1).only_enforce_if(
                    self.group("leader", day)
                )

    def _person_rules(self) -> None:
        settings = self.problem.settings
        conflicts = rest_conflicts(self.slots, settings.min_rest_hours)
        for person in self.problem.people:
            works = {s.index: self._work(person.id, s.index) for s in self.slots}
            self._rest(person, works, conflicts)
            self._leave(person, works)
            self._nights(person, works)
            if settings.max_shifts_per_person is not None:
                self.model.add(
                    sum(works.values()) <= settings.max_shifts_per_person
                ).only_enforce_if(self.group("cap"))

    def _work(self, person_id: int, slot_index: int):
        """0/1: the person works this slot (at most one post at a time)."""
        vars_ = self.works.get((person_id, slot_index), [])
        if len(vars_) > 1:
            self.model.add_at_most_one(vars_)
        return sum(vars_) if vars_ else 0

    def _rest(self, person, works, conflicts) -> None:
        lit = self.group("rest")
        for a, b in conflicts:
            if self.works.get((person.id, a)) and self.works.get((person.id, b)):
                self.model.add(works[a] + works[b] <= 1).only_enforce_if(lit)

    def _leave(self, person, works) -> None:
        for slot in self.slots:
            if slot.day.date in person.unavailable and self.works.get((person.id, slot.index)):
                self.model.add(works[slot.index] == 0).only_enforce_if(
                    self.group("leave", person.id)
                )

    def _nights(self, person, works) -> None:
        cap = self.problem.settings.max_consecutive_nights
        nights = [works[s.index] for s in self.slots if s.shift.is_night]
        per_day = max(1, sum(1 for s in self.problem.shifts if s.is_night))
        window = (cap + 1) * per_day
        for i in range(len(nights) - window + 1):
            chunk = [n for n in nights[i : i + window] if not isinstance(n, int)]
            if len(chunk) > cap:
                self.model.add(sum(chunk) <= cap).only_enforce_if(self.group("nights"))

    def _objective(self) -> None:
        pool = fairness_pool(self.problem)
        if len(pool) < 2:
            return
        horizon = len(self.slots) * 10
        spreads = []
        for weights in ([s.weight for s in self.slots], [1] * len(self.slots)):
            loads = [
                sum(
                    w * self._work_sum(p.id, s.index)
                    for s, w in zip(self.slots, weights, strict=True)
                    if w
                )
                for p in pool
            ]
            high, low = (
                self.model.new_int_var(0, horizon, ""),
                self.model.new_int_var(0, horizon, ""),
            )
            self.model.add_max_equality(high, loads)
            self.model.add_min_equality(low, loads)
            spreads.append(high - low)
        self.spread_unsocial = spreads[0]
        self.model.minimize(FAIRNESS_WEIGHT * spreads[0] + spreads[1])

    def hint(self, assignments: list[RosterAssignment]) -> None:
        """Start the search from a known valid roster (the rotation), so the solver only has
        to improve on it."""
        index = {(s.day.date, s.shift.id): s.index for s in self.slots}
        chosen = {(a.person_id, index[a.day, a.shift_id], a.post_id) for a in assignments}
        for key, var in self.x.items():
            self.model.add_hint(var, key in chosen)

    def _work_sum(self, person_id: int, slot_index: int):
        return sum(self.works.get((person_id, slot_index), []))


def fairness_pool(problem: RosterProblem) -> list[StaffMember]:
    """Whose loads are compared: people who stand posts and have no leave this month (someone
    back from leave naturally has fewer shifts); everyone who stands posts if all took leave."""
    month = {d.date for d in problem.days}
    standing = [p for p in problem.people if p.posts]
    regular = [p for p in standing if not (p.unavailable & month)]
    return regular if len(regular) >= 2 else standing


def _status_name(status) -> str:
    return {
        cp_model.OPTIMAL: "OPTIMAL",
        cp_model.FEASIBLE: "FEASIBLE",
        cp_model.INFEASIBLE: "INFEASIBLE",
        cp_model.MODEL_INVALID: "MODEL_INVALID",
    }.get(status, "UNKNOWN")


def _solver(time_limit: float, workers: int = 2) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, float(time_limit))
    solver.parameters.random_seed = 2006  # the same request gives the same roster
    solver.parameters.absolute_gap_limit = GOOD_ENOUGH  # the bound of a spread is 0
    return solver


def solve(problem: RosterProblem) -> RosterResult:
    """A roster for ``problem``, or the reasons why none exists. Never raises on an impossible
    request."""
    started = clock.perf_counter()
    messages = precheck(problem)
    if messages:
        return RosterResult("INFEASIBLE", explanations=messages, seconds=_since(started))
    quick = rotate(problem)  # a valid roster in milliseconds, kept if the solver does worse
    built = _Model(problem)
    built.model.add_bool_and(list(built.groups.values()))
    if quick.feasible:
        built.hint(quick.assignments)
    solver = _solver(problem.settings.time_limit - (clock.perf_counter() - started) - 0.3)
    status = _status_name(solver.solve(built.model))
    if status in ("OPTIMAL", "FEASIBLE"):
        return _found(problem, built, solver, status, started, quick)
    if quick.feasible:  # the solver ran out of time; the rotation meets every rule
        return _result(problem, quick.assignments, "FEASIBLE", started, None)
    if status == "INFEASIBLE":
        explanations = explain(problem, problem.settings.time_limit)
    else:
        explanations = [_no_roster_in_time(problem)]
    return RosterResult(status, explanations=explanations, seconds=_since(started))


def _since(started: float) -> float:
    return round(clock.perf_counter() - started, 3)


def _no_roster_in_time(problem: RosterProblem) -> str:
    return _(
        "No roster was found within %(seconds)s seconds, and the solver could not prove that "
        "none exists; allow more time or relax a rule (rest hours, night cap, monthly cap)."
    ) % {"seconds": problem.settings.time_limit}


def _found(problem, built: _Model, solver, status: str, started: float, quick) -> RosterResult:
    assignments = [
        RosterAssignment(built.slots[slot].day.date, built.slots[slot].shift.id, post, person)
        for (person, slot, post), var in built.x.items()
        if solver.boolean_value(var)
    ]
    bound = solver.best_objective_bound
    if quick.feasible and objective_of(problem, quick.assignments) < objective_of(
        problem, assignments
    ):
        assignments, status = quick.assignments, "FEASIBLE"
    return _result(problem, assignments, status, started, bound)


def _result(problem, assignments, status: str, started: float, bound) -> RosterResult:
    objective = objective_of(problem, assignments)
    # A spread is never negative, so 0 is always a valid bound; the solver's own bound can be
    # below it before the search has proved anything.
    bound = 0.0 if bound is None else max(0.0, bound)
    return RosterResult(
        status,
        assignments=sorted(assignments, key=_order),
        seconds=_since(started),
        objective=objective,
        bound=bound,
        gap=round((objective - bound) / max(1.0, abs(objective)), 4),
        spread=unsocial_spread(problem, assignments),
    )


def _order(a: RosterAssignment):
    return (a.day, a.shift_id, a.post_id is not None, a.post_id or 0, a.person_id)


def unsocial_spread(
    problem: RosterProblem, assignments: Iterable[RosterAssignment], *, weighted: bool = True
) -> int:
    """Max − min of the weighted unsocial shifts (or of all shifts) among the fairness pool."""
    weights = {(s.day.date, s.shift.id): s.weight if weighted else 1 for s in slots_of(problem)}
    load = defaultdict(int)
    for a in assignments:
        load[a.person_id] += weights.get((a.day, a.shift_id), 0)
    values = [load[p.id] for p in fairness_pool(problem)]
    return max(values) - min(values) if len(values) > 1 else 0


def objective_of(problem: RosterProblem, assignments: list[RosterAssignment]) -> int:
    """The solver's objective for any roster: weighted unsocial spread and total spread."""
    unsocial = unsocial_spread(problem, assignments)
    return FAIRNESS_WEIGHT * unsocial + unsocial_spread(problem, assignments, weighted=False)


# --- explaining infeasibility --------------------------------------------------------------------


def explain(problem: RosterProblem, time_limit: float = 10.0) -> list[str]:
    """Sentences naming the groups of rules that cannot hold together (an infeasible subset
    found with assumption literals, then shrunk while time allows)."""
    built = _Model(problem)
    core = _core(built, list(built.groups), time_limit)
    if not core:
        return [_no_roster_in_time(problem)]
    core = _shrink(problem, core, deadline=clock.perf_counter() + min(5.0, time_limit))
    merged = defaultdict(list)  # the days of one post (or of the leader rule) in one sentence
    for key in sorted(core, key=repr):
        if key[0] in ("cover", "leader"):
            merged[key[:-1]].append(key[-1].isoformat())
        else:
            merged[key] = []
    lines = [_("These rules cannot all be met together; relax one of them:")]
    return lines + [_describe(problem, key, ", ".join(days)) for key, days in merged.items()]


def _core(built: _Model, keys: list[tuple], time_limit: float) -> list[tuple] | None:
    """A subset of ``keys`` that is infeasible on its own, or None if unknown in time."""
    built.model.clear_assumptions()
    built.model.add_assumptions([built.groups[k] for k in keys])
    solver = _solver(time_limit, workers=1)  # one worker returns the assumption core reliably
    status = solver.solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    if status != cp_model.INFEASIBLE:
        return None
    found = set(solver.sufficient_assumptions_for_infeasibility())
    core = [k for k in keys if built.groups[k].index in found]
    return core or keys


def _shrink(problem: RosterProblem, core: list[tuple], deadline: float) -> list[tuple]:
    """Drop groups one at a time while the rest stays infeasible (stops at the deadline)."""
    if len(core) > 12:
        return core
    kept = list(core)
    for key in list(core):
        remaining = deadline - clock.perf_counter()
        if remaining <= 0.2 or len(kept) == 1:
            break
        trial = [k for k in kept if k != key]
        smaller = _core(_Model(problem), trial, remaining)
        if smaller is not None and smaller != []:
            kept = smaller if len(smaller) < len(trial) else trial
    return kept


def _describe(problem: RosterProblem, key: tuple, days: str) -> str:
    posts, people, _shifts = _names(problem)
    settings = problem.settings
    kind = key[0]
    if kind == "cover":
        post = posts[key[1]]
        return _("Coverage: the post “%(post)s” needs %(needed)s on every shift of %(day)s.") % {
            "post": post.name,
            "needed": _people_phrase(post.staff_per_shift),
            "day": days,
        }
    if kind == "leader":
        return _(
            "Leader on duty (带班): %(day)s is in a special protection period, so every shift "
            "needs a leader of middle management or above."
        ) % {"day": days}
    if kind == "leave":
        return _("Leave: %(person)s is on leave or unavailable on some of these days.") % {
            "person": people[key[1]].name
        }
    return {
        "rest": _("Rest: at least %(hours)d hours between two shifts of the same person.")
        % {"hours": settings.min_rest_hours},
        "nights": _("Night shifts: nobody works more than %(count)d nights in a row.")
        % {"count": settings.max_consecutive_nights},
        "cap": _("Monthly cap: nobody works more than %(count)s shifts this month.")
        % {"count": settings.max_shifts_per_person},
    }[kind]


# --- checking a roster -------------------------------------------------------------------------


def check_roster(problem: RosterProblem, assignments: Iterable[RosterAssignment]) -> list[str]:
    """Every hard-constraint violation of ``assignments`` as a sentence (empty: all rules hold).
    Used by the tests and after manual edits."""
    assignments = list(assignments)
    slots = {(s.day.date, s.shift.id): s for s in slots_of(problem)}
    messages = _check_rows(problem, assignments, slots)
    known = [a for a in assignments if (a.day, a.shift_id) in slots]
    messages += _check_coverage(problem, known, slots)
    messages += _check_people(problem, known, slots)
    return messages


def _check_rows(problem, assignments, slots) -> list[str]:
    posts, people, _shifts = _names(problem)
    messages, seen = [], defaultdict(int)
    for a in assignments:
        person = people.get(a.person_id)
        name = person.name if person else str(a.person_id)
        where = {"person": name, "day": a.day.isoformat()}
        seen[a.day, a.shift_id, a.person_id] += 1
        if (a.day, a.shift_id) not in slots:
            messages.append(
                _("%(person)s is on a shift that is not in this month: %(day)s.") % where
            )
        elif person is None:
            messages.append(_("%(person)s on %(day)s is not one of the site's duty staff.") % where)
        elif a.post_id is None and not person.is_leader:
            messages.append(_("%(person)s leads a shift on %(day)s but is not a leader.") % where)
        elif a.post_id is not None and a.post_id not in person.posts:
            post = posts[a.post_id].name if a.post_id in posts else str(a.post_id)
            messages.append(
                _("%(person)s is not qualified for the post “%(post)s” (%(day)s).")
                % {**where, "post": post}
            )
        if person is not None and a.day in person.unavailable:
            messages.append(_("%(person)s is on leave on %(day)s but has a shift.") % where)
    for (day, _shift, person_id), count in seen.items():
        if count > 1:
            name = people[person_id].name if person_id in people else str(person_id)
            messages.append(
                _("%(person)s is on two posts at once on %(day)s.")
                % {"person": name, "day": day.isoformat()}
            )
    return messages


def _check_coverage(problem, assignments, slots) -> list[str]:
    count = defaultdict(int)
    for a in assignments:
        count[a.day, a.shift_id, a.post_id] += 1
    messages = []
    for (day, shift_id), slot in slots.items():
        where = {"day": day.isoformat(), "shift": slot.shift.name}
        for post in problem.posts:
            found = count[day, shift_id, post.id]
            if found < post.staff_per_shift:
                messages.append(
                    _(
                        "The post “%(post)s” has %(found)s instead of %(needed)s on %(day)s, "
                        "shift %(shift)s."
                    )
                    % {
                        **where,
                        "post": post.name,
                        "found": _people_phrase(found),
                        "needed": _people_phrase(post.staff_per_shift),
                    }
                )
        if day in problem.special_dates and not count[day, shift_id, None]:
            messages.append(
                _(
                    "No leader is on duty (带班) on %(day)s, shift %(shift)s, in a special "
                    "protection period."
                )
                % where
            )
    return messages


def _check_people(problem, assignments, slots) -> list[str]:
    _posts, people, _shifts = _names(problem)
    by_person = defaultdict(list)
    for a in assignments:
        by_person[a.person_id].append(slots[a.day, a.shift_id])
    messages = []
    for person_id, worked in by_person.items():
        name = people[person_id].name if person_id in people else str(person_id)
        worked = sorted(set(worked), key=lambda s: s.start)
        messages += _check_rest(problem, name, worked)
        messages += _check_nights(problem, name, worked)
        cap = problem.settings.max_shifts_per_person
        if cap is not None and len(worked) > cap:
            messages.append(
                _("%(person)s has %(count)d shifts, more than the monthly cap of %(cap)d.")
                % {"person": name, "count": len(worked), "cap": cap}
            )
    return messages


def _check_rest(problem, name: str, worked: list[Slot]) -> list[str]:
    rest = problem.settings.min_rest_hours
    return [
        _(
            "%(person)s has less than %(hours)d hours of rest between the shifts of %(first)s "
            "and %(second)s."
        )
        % {
            "person": name,
            "hours": rest,
            "first": a.day.date.isoformat(),
            "second": b.day.date.isoformat(),
        }
        for a, b in itertools.pairwise(worked)
        if too_close(a, b, rest)
    ]


def _check_nights(problem, name: str, worked: list[Slot]) -> list[str]:
    cap = problem.settings.max_consecutive_nights
    nights = sorted({s.day.date for s in worked if s.shift.is_night})
    messages, run = [], 1
    for before, day in itertools.pairwise(nights):
        run = run + 1 if day - before == timedelta(days=1) else 1
        if run == cap + 1:
            messages.append(
                _("%(person)s works more than %(count)d nights in a row (up to %(day)s).")
                % {"person": name, "count": cap, "day": day.isoformat()}
            )
    return messages


# --- a fast rotation -----------------------------------------------------------------------


def rotate(problem: RosterProblem) -> RosterResult:
    """A quick deterministic roster without the solver (for loading past months): slot by slot,
    the qualified person with the fewest shifts who is free under every rule. Falls back to an
    INFEASIBLE result if it paints itself into a corner."""
    started = clock.perf_counter()
    state = _Rotation(problem)
    for slot in slots_of(problem):
        for post_id, needed in state.needs(slot):
            for _n in range(needed):
                if not state.take(slot, post_id):
                    return RosterResult(
                        "INFEASIBLE",
                        explanations=precheck(problem)
                        or [
                            _("The quick rotation found nobody free for %(day)s; use the solver.")
                            % {"day": slot.day.date.isoformat()}
                        ],
                        seconds=_since(started),
                    )
    return RosterResult(
        "FEASIBLE",
        assignments=sorted(state.assignments, key=_order),
        seconds=_since(started),
        spread=unsocial_spread(problem, state.assignments),
    )


class _Rotation:
    def __init__(self, problem: RosterProblem):
        self.problem = problem
        self.assignments: list[RosterAssignment] = []
        self.last: dict[int, Slot] = {}
        self.nights: dict[int, list[date]] = defaultdict(list)
        self.load: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
        self.busy: set[tuple[int, int]] = set()
        scarce = sorted(problem.posts, key=lambda p: sum(p.id in m.posts for m in problem.people))
        self.order = [(p.id, p.staff_per_shift) for p in scarce]

    def needs(self, slot: Slot) -> list[tuple[int | None, int]]:
        leader = [(None, 1)] if slot.day.date in self.problem.special_dates else []
        return leader + self.order

    def free(self, person: StaffMember, slot: Slot) -> bool:
        settings = self.problem.settings
        last = self.last.get(person.id)
        if slot.day.date in person.unavailable or (person.id, slot.index) in self.busy:
            return False
        if last is not None and too_close(last, slot, settings.min_rest_hours):
            return False
        cap = settings.max_shifts_per_person
        if cap is not None and self.load[person.id][1] >= cap:
            return False
        return not (slot.shift.is_night and self._night_run(person.id, slot.day.date))

    def _night_run(self, person_id: int, day: date) -> bool:
        cap = self.problem.settings.max_consecutive_nights
        recent = self.nights[person_id][-cap:]
        return len(recent) == cap and all(
            recent[-i] == day - timedelta(days=i) for i in range(1, cap + 1)
        )

    def take(self, slot: Slot, post_id: int | None) -> bool:
        fits = [
            p
            for p in self.problem.people
            if (p.is_leader if post_id is None else post_id in p.posts) and self.free(p, slot)
        ]
        if not fits:
            return False
        person = min(
            fits,
            key=lambda p: (
                self.load[p.id][0] + slot.weight,
                self.load[p.id][1],
                p.is_leader != (post_id is None),
                p.id,
            ),
        )
        self.assignments.append(RosterAssignment(slot.day.date, slot.shift.id, post_id, person.id))
        self.busy.add((person.id, slot.index))
        self.last[person.id] = slot
        unsocial, total = self.load[person.id]
        self.load[person.id] = (unsocial + slot.weight, total + 1)
        if slot.shift.is_night:
            self.nights[person.id].append(slot.day.date)
        return True
