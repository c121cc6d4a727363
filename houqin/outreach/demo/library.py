"""The centre's library in the demo compound: about a thousand titles in 1,660 copies, of which
1,380 are on the shelf at the end of 2005 and 1,500 at the end of 2006 (藏书1500册: copies bought
in batches, a few worn-out or lost ones withdrawn each year), and the loans that reproduce the
seed's figure from rows: 7,420 lent in 2005, 8,000 in 2006 (借阅8000人次) and this year's share
to date. A copy is lent again only after it has come back; most loans come back within the
month they are due, a few late; this year's last loans are still out, some overdue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from houqin.core.models import Person, ScanLink
from houqin.core.services import next_numbers
from houqin.outreach.choices import LoanChannel
from houqin.outreach.demo import catalogue
from houqin.outreach.demo.rows import insert, is_workday
from houqin.outreach.models import Book, BookCopy, Loan
from houqin.outreach.services.library import SCAN_PURPOSE

TITLES = 1_000
# (year, copies bought, copies withdrawn); the first row is the stock before 2005
STOCK = [(2004, 1_250, 0), (2005, 150, 20), (2006, 160, 40)]
THIS_YEAR_STOCK = (100, 30)
LOANS = {2005: 7_420, 2006: 8_000}
THIS_YEAR_LOANS = 8_000  # a full year's worth; this year gets its share up to today
LOAN_DAYS = 30
LATE_SHARE = 0.04
PHONE_SHARE = 0.35  # this year's loans made by the borrower's phone
WITHDRAWN = ["破损严重", "读者遗失", "内容陈旧"]


@dataclass
class Shelf:
    """The copies with the day each is next free to lend, for placing loans without overlap."""

    copies: list[BookCopy]
    free_from: dict[int, datetime] = field(default_factory=dict)  # copy index → moment

    def lendable(self, index: int, lent: datetime, back: datetime) -> bool:
        copy = self.copies[index]
        if copy.acquired_on > lent.date() or self.free_from.get(index, lent) > lent:
            return False
        return copy.withdrawn_on is None or back.date() < copy.withdrawn_on


def _titles(ctx) -> list[Book]:
    rng = ctx.rng
    rows = [Book(site=ctx.site, **catalogue.record(rng, n)) for n in range(TITLES)]
    return Book.objects.bulk_create(rows, batch_size=1000)


def _batch_day(rng, year: int, yesterday: date) -> date:
    """Books are bought in the spring and autumn batches (this year's: up to yesterday)."""
    return min(date(year, rng.choice((3, 4, 9, 10)), rng.randint(1, 28)), yesterday)


def _copies(ctx, books: list[Book], yesterday: date) -> list[BookCopy]:
    """Copies bought year by year (one or two of a title); the oldest withdrawn each year."""
    rng, copies, serial = ctx.rng, [], 0
    this_year = yesterday.year
    plan = [*STOCK, (this_year, *THIS_YEAR_STOCK)] if this_year > 2006 else STOCK
    for year, bought, withdrawn in plan:
        for _i in range(bought):
            serial += 1
            book = books[rng.randrange(len(books))]
            acquired = date(rng.choice((2003, 2004)), rng.randint(1, 12), rng.randint(1, 28))
            copies.append(
                BookCopy(
                    site=ctx.site,
                    book=book,
                    barcode=f"KP{serial:06d}",
                    acquired_on=acquired if year == 2004 else _batch_day(rng, year, yesterday),
                    price_yuan=Decimal(rng.randint(120, 480)) / 10,
                )
            )
        _withdraw(ctx, copies, year, withdrawn, yesterday)
    return BookCopy.objects.bulk_create(copies, batch_size=1000)


def _withdraw(ctx, copies: list[BookCopy], year: int, count: int, yesterday: date) -> None:
    rng = ctx.rng
    on_shelf = [c for c in copies if c.withdrawn_on is None and c.acquired_on.year < year]
    for copy in rng.sample(on_shelf, count):
        copy.withdrawn_on = min(date(year, rng.randint(1, 12), rng.randint(1, 28)), yesterday)
        copy.withdrawn_reason = rng.choice(WITHDRAWN)


def _scan_links(ctx, copies: list[BookCopy]) -> None:
    """Each copy's QR label."""
    content_type = ContentType.objects.get_for_model(BookCopy)
    links = ScanLink.objects.bulk_create(
        ScanLink(site=ctx.site, purpose=SCAN_PURPOSE, content_type=content_type, object_id=c.pk)
        for c in copies
    )
    for copy, link in zip(copies, links, strict=True):
        copy.scan_link = link
    BookCopy.objects.bulk_update(copies, ["scan_link"], batch_size=1000)


class LoanBuilder:
    """Places loans in time over the copies, without two open loans of a copy at once."""

    def __init__(self, ctx, copies: list[BookCopy], now: datetime):
        self.ctx, self.rng, self.now = ctx, ctx.rng, now
        self.shelf = Shelf(copies)
        self.tz = timezone.get_current_timezone()
        self.librarian = ctx.users.get("librarian") or ctx.users["admin"]
        people = Person.objects.filter(site=ctx.site, is_active=True).order_by("pk")
        self.borrowers = list(people.values_list("pk", "department_id"))
        self.loans: list[Loan] = []

    def open_days(self, first: date, last: date) -> list[date]:
        days, day = [], first
        while day <= last:
            if is_workday(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def moment(self, day: date) -> datetime:
        minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 20)
        return datetime.combine(day, time(minutes // 60, minutes % 60), self.tz)

    def back(self, lent: datetime) -> tuple[datetime, date]:
        """When the loan comes back (if it has by now), and the day it is due."""
        due = lent.date() + timedelta(days=LOAN_DAYS)
        late = self.rng.random() < LATE_SHARE
        days = LOAN_DAYS + self.rng.randint(1, 20) if late else self.rng.randint(3, LOAN_DAYS)
        day = lent.date() + timedelta(days=days)
        while not is_workday(day):
            day += timedelta(days=1)
        return self.moment(day), due

    def year(self, year: int, count: int, last: date, phone_share: float = 0.0) -> None:
        """``count`` loans on the open days of ``year`` up to ``last``, in time order."""
        days = self.open_days(date(year, 1, 1), last)
        moments = sorted(self.moment(self.rng.choice(days)) for _i in range(count))
        for lent in moments:
            self.lend(lent, phone_share)

    def lend(self, lent: datetime, phone_share: float) -> None:
        returned, due = self.back(lent)
        for _attempt in range(200):
            index = self.rng.randrange(len(self.shelf.copies))
            if self.shelf.lendable(index, lent, returned):
                break
        else:
            raise RuntimeError(f"no copy free to lend at {lent}")
        self.shelf.free_from[index] = returned
        borrower, department = self.rng.choice(self.borrowers)
        phone = self.rng.random() < phone_share
        self.loans.append(
            Loan(
                site=self.ctx.site,
                copy=self.shelf.copies[index],
                borrower_id=borrower,
                department_id=department,
                lent_at=lent,
                due_on=due,
                channel=LoanChannel.PHONE if phone else LoanChannel.DESK,
                returned_at=returned if returned <= self.now else None,
                returned_by=self.librarian if returned <= self.now else None,
                created_at=lent,
                created_by=None if phone else self.librarian,
            )
        )

    def save(self) -> None:
        """Number the loans by the year they were made in and write them."""
        by_year: dict[int, list[Loan]] = {}
        for loan in self.loans:
            by_year.setdefault(timezone.localtime(loan.lent_at).year, []).append(loan)
        for year, group in by_year.items():
            numbers = next_numbers(site=self.ctx.site, prefix="JY", year=year, count=len(group))
            for loan, number in zip(group, numbers, strict=True):
                loan.number = number
        insert(Loan, self.loans)


def load(ctx) -> list[BookCopy]:
    """The catalogue, the copies and every year's loans."""
    now = timezone.now()
    today = timezone.localdate(now)
    copies = _copies(ctx, _titles(ctx), today - timedelta(days=1))
    _scan_links(ctx, copies)
    builder = LoanBuilder(ctx, copies, now)
    for year, count in LOANS.items():
        builder.year(year, count, date(year, 12, 31))
    if today.year > 2006:
        yesterday = today - timedelta(days=1)
        share = (yesterday - date(today.year, 1, 1)).days / 365
        builder.year(today.year, round(THIS_YEAR_LOANS * share), yesterday, PHONE_SHARE)
    builder.save()
    return copies
