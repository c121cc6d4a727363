"""The lift inspection schedule of TSG T7001-2023, as a pure function (no database).

The base date is the day the installation supervisory inspection was passed. A periodic
inspection (定期检验) falls on its anniversary in years 1, 4, 7, 9, 11, 13 and 15 and every year
after the 15th; self-testing (自行检测) falls on the anniversary of every other year. An inspection
may be done up to two months early (self-testing one month early) and the next date is still
counted from the base. A supervisory inspection after a major repair replaces the periodic
inspection due within the following twelve months.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PERIODIC = "periodic"
SELF_TEST = "self_test"
SUPERVISORY = "supervisory"
PERIODIC_YEARS = frozenset({1, 4, 7, 9, 11, 13, 15})
YEARLY_AFTER = 15
EARLY_MONTHS = {PERIODIC: 2, SELF_TEST: 1}
# Which records fulfil an obligation: a periodic inspection also covers a self-testing year.
ACCEPTED = {PERIODIC: {PERIODIC}, SELF_TEST: {SELF_TEST, PERIODIC}}
MAX_YEARS = 80  # a guard against an absurd base date; no lift runs this long


@dataclass(frozen=True)
class Record:
    """An inspection on file: its kind (a ``CertificateKind`` value) and date."""

    kind: str
    on: date
    is_major_repair: bool = False


@dataclass(frozen=True)
class Obligation:
    """One inspection the lift owes: when, which kind, the record that fulfilled it (if any),
    and whether it is past due without one. An obligation unmet before the first record on
    file is "no record" (the records start later), never overdue."""

    due: date
    kind: str
    satisfied_by: Record | None
    overdue: bool
    before_records: bool = False  # owed before the first inspection on file: no record, not late

    @property
    def is_open(self) -> bool:
        return self.satisfied_by is None


@dataclass(frozen=True)
class Schedule:
    """The obligations up to the next open one, and that one's date and kind."""

    obligations: list[Obligation]
    next_due: date | None
    next_kind: str | None

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and bool(self.obligations) and self.obligations[-1].overdue


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def anniversary(base: date, years: int) -> date:
    """The ``years``-th anniversary of ``base`` (29 February falls on 28 February)."""
    return add_months(base, 12 * years)


def kind_of_year(year: int) -> str:
    """The inspection a lift owes in its ``year``-th year after first use."""
    if year in PERIODIC_YEARS or year > YEARLY_AFTER:
        return PERIODIC
    return SELF_TEST


def _window_start(due: date, kind: str) -> date:
    return add_months(due, -EARLY_MONTHS[kind])


def _fulfilling(due: date, kind: str, records: list[Record], used: set[Record]) -> Record | None:
    """The earliest unused record that fulfils the obligation: of an accepted kind, no earlier
    than the early window and before the next year's window opens; for a periodic inspection,
    also a supervisory inspection after a major repair in the twelve months before it is due."""
    start, end = _window_start(due, kind), add_months(due, 10)
    for record in records:
        if record in used:
            continue
        if record.kind in ACCEPTED[kind] and start <= record.on < end:
            return record
        if (
            kind == PERIODIC
            and record.kind == SUPERVISORY
            and record.is_major_repair
            and add_months(due, -12) <= record.on <= due
        ):
            return record
    return None


def schedule(base: date, records: Iterable[Record], today: date) -> Schedule:
    """The obligations from the first anniversary up to the next open one.

    Obligations due before the first inspection on file are "no record" and never overdue
    (a lift in use long before its records start). An obligation missed while a later
    inspection is on file is kept as overdue and the walk goes on (the lift's history
    continues past it); the first open obligation with no later record stops the walk and is
    the next due date."""
    records = sorted(records, key=lambda r: r.on)
    first_on = records[0].on if records else None
    last_on = records[-1].on if records else None
    used: set[Record] = set()
    out: list[Obligation] = []
    for year in range(1, MAX_YEARS + 1):
        due, kind = anniversary(base, year), kind_of_year(year)
        record = _fulfilling(due, kind, records, used)
        if record is not None:
            used.add(record)
            out.append(Obligation(due, kind, record, overdue=False))
            continue
        if first_on is not None and due < first_on:
            out.append(Obligation(due, kind, None, overdue=False, before_records=True))
            continue
        out.append(Obligation(due, kind, None, overdue=due < today))
        if last_on is None or last_on < add_months(due, 10):
            return Schedule(out, due, kind)
    return Schedule(out, None, None)
