"""Benchmark of roster generation: 80 people × 31 days × 3 shifts × 6 posts, in memory (no
database), with leave and a 7-day special protection period led by 10 leaders."""

from __future__ import annotations

import random
from datetime import date, timedelta
from datetime import time as dtime

from houqin.security import roster

POSTS = [  # (id, name, people per shift, share of the staff qualified)
    (1, "大门岗", 2, 0.7),
    (2, "消防控制室", 2, 0.4),
    (3, "巡逻队", 2, 0.6),
    (4, "值班室", 1, 0.3),
    (5, "监控室", 1, 0.35),
    (6, "东门岗", 1, 0.6),
]
SHIFTS = [
    roster.ShiftSpec(1, "早班", dtime(8), 8),
    roster.ShiftSpec(2, "中班", dtime(16), 8),
    roster.ShiftSpec(3, "夜班", dtime(0), 8, is_night=True),
]
MONTH = date(2026, 10, 1)  # National Day: holidays, 调休 working days and a special period


def bench_problem(seed: int = 2006, people: int = 80, leaders: int = 10) -> roster.RosterProblem:
    """The benchmark's problem, the same for a given seed."""
    rng = random.Random(seed)
    days = roster.month_days(MONTH)
    staff = []
    for i in range(people):
        posts = {pid for pid, _n, _c, share in POSTS if rng.random() < share}
        is_leader = i < leaders
        if is_leader:
            posts.add(4)  # leaders sit in the duty office
        staff.append(
            roster.StaffMember(
                id=i + 1,
                name=f"P{i + 1:02d}",
                posts=frozenset(posts or {1}),
                is_leader=is_leader,
                unavailable=_leave(rng, days),
            )
        )
    return roster.RosterProblem(
        people=staff,
        posts=[roster.PostSpec(pid, name, n) for pid, name, n, _share in POSTS],
        shifts=SHIFTS,
        days=days,
        special_dates=frozenset(MONTH + timedelta(days=d) for d in range(7)),
    )


def _leave(rng: random.Random, days) -> frozenset[date]:
    if rng.random() > 0.25:
        return frozenset()
    start = rng.randrange(len(days))
    return frozenset(d.date for d in days[start : start + rng.randint(2, 6)])


def bench_roster(time_limit: float = roster.TIME_LIMIT) -> dict:
    """Generate the benchmark roster; seconds, solver status, optimality gap, unsocial spread."""
    problem = bench_problem()
    problem.settings = roster.RosterSettings(time_limit=time_limit)
    result = roster.solve(problem)
    return {
        "seconds": result.seconds,
        "status": result.status,
        "gap": result.gap,
        "spread": result.spread,
    }
