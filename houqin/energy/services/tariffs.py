"""Tariffs: the prices in force on a day, the cost of use over an interval (time-of-use periods
pro rata to time), and saving a tariff with its dated prices."""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.services import event_record
from houqin.energy.choices import FlagStatus
from houqin.energy.models import Reading, Tariff, TariffPrice

CENT = Decimal("0.01")
DAY_SECONDS = 86400
MINUTES = 1440

MAX_PRICE = Decimal("1000000")  # the price column holds six digits before the point


def prices_on(tariff: Tariff, day: date) -> list[TariffPrice]:
    """The prices of ``tariff`` in force on ``day`` (those of its latest ``valid_from`` on or
    before it), in order of their start time; empty before its first price."""
    latest = (
        TariffPrice.objects.filter(tariff=tariff, valid_from__lte=day)
        .order_by("-valid_from")
        .values("valid_from")[:1]
    )
    return list(TariffPrice.objects.filter(tariff=tariff, valid_from=latest).order_by("starts"))


class PriceBook:
    """All the dated prices of one tariff, read once, for costing many readings in memory."""

    def __init__(self, tariff: Tariff | None):
        by_date: dict[date, list[TariffPrice]] = defaultdict(list)
        if tariff is not None:
            for price in TariffPrice.objects.filter(tariff=tariff).order_by("valid_from", "starts"):
                by_date[price.valid_from].append(price)
        self.dates = sorted(by_date)
        self.by_date = by_date

    def on(self, day: date) -> list[TariffPrice]:
        index = bisect.bisect_right(self.dates, day) - 1
        return self.by_date[self.dates[index]] if index >= 0 else []


def _segments(price: TariffPrice) -> list[tuple[int, int]]:
    """The seconds of the day [from, to) a period covers: whole day, plain, or wrapping."""
    starts = price.starts.hour * 3600 + price.starts.minute * 60 + price.starts.second
    ends = price.ends.hour * 3600 + price.ends.minute * 60 + price.ends.second
    if starts == ends:
        return [(0, DAY_SECONDS)]
    if ends > starts:
        return [(starts, ends)]
    return [(0, ends), (starts, DAY_SECONDS)]


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _day_weighted_price(prices, lo: int, hi: int) -> Decimal:
    """Σ price × seconds of [lo, hi) (seconds of the day) spent in each period."""
    total = Decimal(0)
    for price in prices:
        for a, b in _segments(price):
            overlap = min(hi, b) - max(lo, a)
            if overlap > 0:
                total += price.price * overlap
    return total


def interval_cost(
    *, tariff: Tariff | None, start: datetime, end: datetime, consumption, book=None
) -> Decimal | None:
    """The cost of ``consumption`` used evenly over [start, end), under the prices in force each
    local day, split across time-of-use periods pro rata to time; None without a tariff or a
    price for some day. ``book`` (a PriceBook) spares the look-ups when costing many readings."""
    if tariff is None or consumption is None or end <= start:
        return None
    book = book or PriceBook(tariff)
    lo, hi = _local(start), _local(end)
    weighted, day = Decimal(0), lo.date()
    while datetime.combine(day, time.min) < hi:
        midnight = datetime.combine(day, time.min)
        prices = book.on(day)
        if not prices:
            return None
        a = max(lo, midnight) - midnight
        b = min(hi, midnight + timedelta(days=1)) - midnight
        weighted += _day_weighted_price(prices, int(a.total_seconds()), int(b.total_seconds()))
        day += timedelta(days=1)
    seconds = Decimal(int((hi - lo).total_seconds()))
    return (Decimal(consumption) * weighted / seconds).quantize(CENT, rounding=ROUND_HALF_UP)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _check_day(tariff: Tariff, valid_from: date, rows: list[dict]) -> list[str]:
    """The problems of one ``valid_from``'s periods: a flat tariff has one whole-day price; a
    time-of-use tariff's periods cover the 24 hours exactly once."""
    label = valid_from.isoformat()
    if not tariff.is_time_of_use:
        if len(rows) != 1 or rows[0]["starts"] != rows[0]["ends"]:
            return [_("%(date)s: a flat tariff has one price for the whole day.") % {"date": label}]
        return []
    cover = [0] * MINUTES
    for row in rows:
        starts, ends = _minutes(row["starts"]), _minutes(row["ends"])
        span = (
            range(MINUTES) if starts == ends else range(starts, ends + MINUTES * (ends <= starts))
        )
        for minute in span:
            cover[minute % MINUTES] += 1
    errors = []
    if any(c == 0 for c in cover):
        errors.append(
            _("%(date)s: the periods leave part of the day without a price.") % {"date": label}
        )
    if any(c > 1 for c in cover):
        errors.append(_("%(date)s: periods overlap.") % {"date": label})
    return errors


def _check_prices(tariff: Tariff, prices: list[dict]) -> dict[date, list[dict]]:
    by_date: dict[date, list[dict]] = defaultdict(list)
    errors = []
    for row in prices:
        if row.get("price") is None or Decimal(row["price"]) < 0:
            errors.append(_("A price must be zero or more."))
        elif Decimal(row["price"]) >= MAX_PRICE:
            errors.append(_("A price must be below 1,000,000 yuan per unit."))
        by_date[row["valid_from"]].append(row)
    for valid_from, rows in sorted(by_date.items()):
        errors += _check_day(tariff, valid_from, rows)
    if errors:
        raise ValidationError(errors)
    return by_date


def tariff_save(*, tariff: Tariff, prices: list[dict], by) -> Tariff:
    """Save a tariff and, for each ``valid_from`` given, replace its prices with ``prices``
    (dicts: valid_from, period, starts, ends, price). Gaps and overlaps are refused."""
    by_date = _check_prices(tariff, prices)
    with transaction.atomic():
        creating = tariff.pk is None
        tariff.full_clean()
        tariff.save()
        for valid_from, rows in by_date.items():
            TariffPrice.objects.filter(tariff=tariff, valid_from=valid_from).delete()
            TariffPrice.objects.bulk_create(
                TariffPrice(site_id=tariff.site_id, tariff=tariff, **_price_fields(row))
                for row in rows
            )
        if by_date and not creating:
            readings_reprice(tariff=tariff, since=min(by_date))
        if by_date or not creating:
            dates = ", ".join(d.isoformat() for d in sorted(by_date))
            event_record(
                site=tariff.site, verb="tariff_prices", actor=by, target=tariff, detail=dates
            )
    return tariff


def _price_fields(row: dict) -> dict:
    return {
        "valid_from": row["valid_from"],
        "period": row.get("period") or "flat",
        "starts": row["starts"],
        "ends": row["ends"],
        "price": Decimal(row["price"]),
    }


def readings_reprice(*, tariff: Tariff, since: date) -> int:
    """Cost again the counted readings of the tariff's meters whose interval reaches ``since``
    or later: prices entered or corrected from a date change what the use from then on cost.
    Returns how many readings changed."""
    book = PriceBook(tariff)
    start = timezone.make_aware(datetime.combine(since, time.min))
    changed = []
    for meter_id in tariff.meters.values_list("pk", flat=True):
        counted = Reading.objects.filter(meter_id=meter_id, voided_at__isnull=True).exclude(
            flag_status=FlagStatus.PENDING
        )
        before = counted.filter(read_at__lt=start).order_by("-read_at", "-id").first()
        previous = before.read_at if before else None
        for reading in counted.filter(read_at__gte=start).order_by("read_at", "id"):
            if previous is not None and reading.consumption is not None:
                cost = interval_cost(
                    tariff=tariff,
                    start=previous,
                    end=reading.read_at,
                    consumption=reading.consumption,
                    book=book,
                )
                if cost != reading.cost:
                    reading.cost = cost
                    changed.append(reading)
            previous = reading.read_at
    Reading.objects.bulk_update(changed, ["cost"], batch_size=1000)
    return len(changed)
