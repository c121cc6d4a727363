"""The unified social credit code (统一社会信用代码) of GB 32100-2015.

Eighteen characters from a 31-character set (the digits and the capital letters without I, O,
S, V and Z); the last is a check character computed from the first seventeen with the weights
3^i mod 31. A code is typed from paper, often in full-width characters or lower case, so it is
normalised before it is checked.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["CHARSET", "WEIGHTS", "credit_code_check_char", "normalise_credit_code"]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(CHARSET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def credit_code_check_char(first17: str) -> str:
    """The check character of the first seventeen characters (already valid characters)."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(text: str) -> str:
    """``text`` as an 18-character credit code (upper case, no spaces), or a ValidationError
    saying what is wrong: the length, a character outside the set, or the check character."""
    # NFKC turns full-width "９１３５" typed with a Chinese input method into ASCII.
    code = "".join(unicodedata.normalize("NFKC", text or "").split()).upper()
    if len(code) != LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters, not %(count)d.")
            % {"count": len(code)},
            code="length",
        )
    wrong = [char for char in code if char not in VALUES]
    if wrong:
        raise ValidationError(
            _(
                "“%(char)s” cannot appear in a unified social credit code (digits and capital "
                "letters except I, O, S, V and Z)."
            )
            % {"char": wrong[0]},
            code="character",
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong: check the "
                "code against the business licence."
            ),
            code="checksum",
        )
    return code
