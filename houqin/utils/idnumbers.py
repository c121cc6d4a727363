"""Validate, normalise and mask the identity-document numbers visitors show at the gate.

Resident identity numbers follow GB 11643-1999 (18 characters with an ISO 7064 MOD 11-2 check
character, or the legacy 15-digit form). The same layout and check character are used by the
Hong Kong, Macao and Taiwan residents' residence permits (prefixes 81, 82, 83) and by the 2023
foreign permanent resident ID card (prefix 9), so all of them are entered as ``RESIDENT_ID``.
Every other document type is only checked against the shape of the number.

This module is deliberately free of Django imports so that it can be used from management
commands, data migrations and plain scripts alike; the form layer maps ``IdNumberError.code`` to
translated messages.
"""

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "IdNumberError",
    "IdType",
    "birth_date_of",
    "check_char",
    "mask_id_number",
    "mask_phone",
    "normalise_id_number",
    "upgrade_15_to_18",
]


class IdType(StrEnum):
    """Kind of identity document; the values are stored in the database, so keep them short."""

    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hkmo_permit"  # 港澳居民来往内地通行证 and 往来港澳通行证
    TAIWAN_PERMIT = "tw_permit"
    OTHER = "other"


class IdNumberError(ValueError):
    """An identity-document number was refused.

    ``code`` says why, so callers can show their own (translated) message:

    - ``"length"``: the number has the wrong number of characters;
    - ``"format"``: it contains characters the document type does not allow;
    - ``"region"``: a resident ID does not start with a known province-level code;
    - ``"birth_date"``: a resident ID's birth date is impossible, in the future or before 1900;
    - ``"checksum"``: a resident ID's check character does not match the other 17;
    - ``"id_type"``: the document type itself is unknown.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_MAP = "10X98765432"
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# GB/T 2260 province-level codes: 11-15 (north), 21-23 (north-east), 31-37 (east),
# 41-46 (south-central), 50-54 (south-west), 61-65 (north-west).
MAINLAND_REGION_PREFIXES = frozenset(
    f"{code:02d}"
    for first, last in ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65))
    for code in range(first, last + 1)
)
# Residence permits for Hong Kong, Macao and Taiwan residents (810000, 820000, 830000).
PERMIT_REGION_PREFIXES = frozenset({"81", "82", "83"})
# The 2023 foreign permanent resident ID card starts with "9" followed by the issuing province.
FOREIGN_PERMANENT_RESIDENT_FIRST_DIGIT = "9"

# ASCII classes are spelled out because Python's \d also matches Arabic-Indic, Devanagari and
# other digits, which int() would then happily accept.
_RESIDENT_18 = re.compile(r"[0-9]{17}[0-9X]")
_RESIDENT_15 = re.compile(r"[0-9]{15}")
_DIGITS_17 = re.compile(r"[0-9]{17}")

# Chinese passports: ordinary (E + 8 digits, or E + a letter other than I/O + 7 digits, issued
# once the digit-only range ran out), old ordinary G + 8 digits, service/official/diplomatic
# SE/PE/DE + 7 digits, Hong Kong SAR K + 8 digits, Macao SAR MA + 7 digits. Foreign passports
# only have to be 5-20 letters or digits, which covers all of the above; the Chinese formats are
# kept listed so the rule still holds if the foreign one is ever tightened.
_PASSPORT = re.compile(
    r"E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|[SPD]E[0-9]{7}|K[0-9]{8}|MA[0-9]{7}"
    r"|[A-Z0-9]{5,20}"
)
# 往来港澳通行证 (mainland residents): C + 8 letters or digits, or the old booklet W + 8 digits.
# 港澳居民来往内地通行证 (Hong Kong / Macao residents): H or M + 8 or 10 digits.
_HK_MACAO_PERMIT = re.compile(r"C[A-Z0-9]{8}|W[0-9]{8}|[HM](?:[0-9]{8}|[0-9]{10})")
# 台湾居民来往大陆通行证: 8 digits, or 10 since the 2015 card version.
_TAIWAN_PERMIT = re.compile(r"[0-9]{8}|[0-9]{10}")
OTHER_MAX_LENGTH = 30


def check_char(first17: str) -> str:
    """Return the GB 11643-1999 check character ("0"-"9" or "X") for the first 17 digits."""
    if not _DIGITS_17.fullmatch(first17):
        raise IdNumberError("format", "The first 17 characters must be digits.")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_MAP[total % 11]


def upgrade_15_to_18(number: str) -> str:
    """Convert a legacy 15-digit resident ID to its 18-character form.

    The century "19" is inserted before the two-digit birth year and the check character is
    appended. Only the shape is checked here; ``normalise_id_number`` validates the result.
    """
    number = number.strip()
    if not _RESIDENT_15.fullmatch(number):
        raise IdNumberError("format", "A 15-digit resident ID number must consist of 15 digits.")
    first17 = f"{number[:6]}19{number[6:]}"
    return first17 + check_char(first17)


def birth_date_of(number18: str) -> date:
    """Return the birth date encoded in an 18-character resident ID number.

    Only the date itself is checked (it must exist on the calendar); the region, the range of
    acceptable dates and the check character are left to ``normalise_id_number``.
    """
    number18 = number18.strip().upper()
    if len(number18) != 18:
        raise IdNumberError("length", "A resident ID number must have 18 characters.")
    if not _RESIDENT_18.fullmatch(number18):
        raise IdNumberError(
            "format", "A resident ID number must be 17 digits followed by a digit or X."
        )
    text = number18[6:14]
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise IdNumberError(
            "birth_date", "The birth date in the ID number does not exist."
        ) from None


def _clean(number: str) -> str:
    # NFKC folds the full-width digits and letters that a Chinese input method produces in its
    # full-width mode (U+FF10-U+FF19, U+FF21-U+FF5A) into ASCII, and the ideographic space
    # U+3000 into an ordinary one, before stripping.
    return unicodedata.normalize("NFKC", number).strip().upper()


def _region_is_valid(number: str) -> bool:
    if len(number) == 15:
        # Legacy numbers were only ever issued on the mainland.
        return number[:2] in MAINLAND_REGION_PREFIXES
    return (
        number[:2] in MAINLAND_REGION_PREFIXES
        or number[:2] in PERMIT_REGION_PREFIXES
        or number[0] == FOREIGN_PERMANENT_RESIDENT_FIRST_DIGIT
    )


def _normalise_resident_id(number: str, today: date) -> str:
    if len(number) not in (15, 18):
        raise IdNumberError("length", "A resident ID number must have 18 (or 15) characters.")
    if len(number) == 15:
        if not _RESIDENT_15.fullmatch(number):
            raise IdNumberError("format", "A 15-character resident ID number must be all digits.")
    elif not _RESIDENT_18.fullmatch(number):
        raise IdNumberError(
            "format", "A resident ID number must be 17 digits followed by a digit or X."
        )
    if not _region_is_valid(number):
        raise IdNumberError("region", "The ID number does not start with a known region code.")
    # The check character of an upgraded legacy number is computed, not typed, so the checksum
    # test below is only meaningful for numbers that arrived with 18 characters.
    full = upgrade_15_to_18(number) if len(number) == 15 else number
    born = birth_date_of(full)
    if born > today:
        raise IdNumberError("birth_date", "The birth date in the ID number is in the future.")
    if born < EARLIEST_BIRTH_DATE:
        raise IdNumberError("birth_date", "The birth date in the ID number is before 1900.")
    if full[17] != check_char(full[:17]):
        raise IdNumberError(
            "checksum", "The ID number's check character is wrong; it may have been mistyped."
        )
    return full


def normalise_id_number(id_type: IdType | str, number: str, *, today: date | None = None) -> str:
    """Validate an identity-document number and return its canonical form.

    The canonical form has surrounding whitespace stripped, full-width characters folded to
    ASCII, letters upper-cased and, for resident IDs, 15-digit legacy numbers upgraded to 18
    characters. ``today`` bounds resident IDs' birth dates; Django callers should pass
    ``django.utils.timezone.localdate()`` so the compound's time zone is used. Raises
    ``IdNumberError`` with a ``code`` if the number is refused.
    """
    try:
        id_type = IdType(id_type)
    except ValueError:
        raise IdNumberError("id_type", "The identity document type is not known.") from None
    number = _clean(number)

    if id_type is IdType.RESIDENT_ID:
        if today is None:
            # The server's local date; see the docstring for what Django callers should pass.
            today = datetime.now().astimezone().date()
        return _normalise_resident_id(number, today)
    if id_type is IdType.OTHER:
        if not 1 <= len(number) <= OTHER_MAX_LENGTH:
            raise IdNumberError("length", "The number must have 1 to 30 characters.")
        # isprintable() refuses control characters as well as line breaks, tabs and invisible
        # format characters (zero-width spaces, direction marks) that would make two stored
        # numbers look equal while comparing different.
        if not number.isprintable():
            raise IdNumberError("format", "The number contains characters that cannot be shown.")
        return number

    pattern, message = {
        IdType.PASSPORT: (_PASSPORT, "A passport number must be 5 to 20 letters or digits."),
        IdType.HK_MACAO_PERMIT: (
            _HK_MACAO_PERMIT,
            "A Hong Kong and Macao permit number must be C followed by 8 letters or digits, "
            "W followed by 8 digits, or H or M followed by 8 or 10 digits.",
        ),
        IdType.TAIWAN_PERMIT: (
            _TAIWAN_PERMIT,
            "A Taiwan residents' permit number must be 8 or 10 digits.",
        ),
    }[id_type]
    if not pattern.fullmatch(number):
        raise IdNumberError("format", message)
    return number


def _mask(text: str, head: int, tail: int) -> str:
    # Never show more than half of the characters; the start gets the odd one out, so even a
    # two- or three-character number keeps its first character for recognition.
    budget = len(text) // 2
    tail = min(tail, budget // 2)
    head = min(head, budget - tail)
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def mask_id_number(number: str) -> str:
    """Hide the middle of an identity-document number for display.

    An 18-character resident ID keeps its first 6 and last 4 characters (``430102********123X``);
    any other number keeps at most its first 2 and last 2 and never more than half of it.
    The length is preserved so that the masked value still looks like the document type.
    """
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    return _mask(number, head=2, tail=2)


_MAINLAND_MOBILE = re.compile(r"1[0-9]{10}")


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone number for display.

    A mainland mobile number keeps its first 3 and last 4 digits (``138****5678``), the
    customary form; anything else keeps at most its first 3 and last 2 characters and never more
    than half of it.
    """
    if _MAINLAND_MOBILE.fullmatch(phone):
        return phone[:3] + "****" + phone[7:]
    return _mask(phone, head=3, tail=2)


def read_as_id_number(text: str) -> str | None:
    """``text`` normalised if it reads as a resident ID or passport number, else None (for
    search boxes, which do not say what was typed)."""
    for id_type in (IdType.RESIDENT_ID, IdType.PASSPORT):
        try:
            return normalise_id_number(id_type, text)
        except IdNumberError:
            continue
    return None
