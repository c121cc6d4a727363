"""Amounts of money: rounded as the report and the pages give them, and written out in the
capitals of Chinese receipts and cheques (人民币大写)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")
LIMIT = Decimal("10") ** 16  # 万亿 groups end below 一亿亿
CENT = Decimal("0.01")


def whole_yuan(amount) -> int:
    """Whole yuan, half up: the annual report gives amounts as integers."""
    return int(Decimal(amount or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents(value) -> Decimal:
    """A sum as yuan to the cent. SQLite hands a rounded sum back as a float made Decimal
    (37.6400000000000); quantizing gives the two places every page shows."""
    return Decimal(value or 0).quantize(CENT, ROUND_HALF_UP)


def _group(number: int) -> str:
    """A group of four digits (0 < number < 10000) in capitals, zeros inside folded to one 零."""
    text, zero = "", False
    for place in range(3, -1, -1):
        digit = number // 10**place % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += DIGITS[0]
            zero = False
        text += DIGITS[digit] + PLACES[place]
    return text


def _integer(number: int) -> str:
    """The yuan part: groups of four digits joined with 万/亿, a 零 where a gap of zeros falls
    between them (10,0500 → 壹拾万零伍佰)."""
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += DIGITS[0]
        text += _group(group) + GROUPS[index]
        gap = False
    return text


def yuan_in_capitals(amount: Decimal) -> str:
    """``amount`` (yuan, rounded to the fen) in the capitals of a receipt: 15800 → 壹万伍仟捌佰元整,
    40360.50 → 肆万零叁佰陆拾元伍角整, 0.05 → 伍分. Negative amounts start with 负."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(value) >= LIMIT:
        raise ValueError("amount too large")
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    text = f"{_integer(yuan)}元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and yuan:
        text += DIGITS[0]
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return sign + text
