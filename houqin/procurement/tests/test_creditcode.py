"""The unified social credit code (GB 32100-2015): known valid codes pass, every single-character
change is refused, and each refusal says what is wrong."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from houqin.utils.creditcode import CHARSET, credit_code_check_char, normalise_credit_code

pytestmark = pytest.mark.usefixtures("english")

VALID = [
    "91350100M000100Y43",  # the standard's example
    "9144030071526726XG",
    "91330100716105852F",
    "914403001922038216",
    "91110108551385082Q",
]


@pytest.mark.parametrize("code", VALID)
def test_known_codes_are_valid(code):
    assert normalise_credit_code(code) == code
    assert credit_code_check_char(code[:17]) == code[17]


def test_typing_is_normalised():
    assert normalise_credit_code(" 9135 0100 m000 100y43 ") == "91350100M000100Y43"
    assert normalise_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_weights_are_powers_of_three_mod_31():
    from houqin.utils.creditcode import WEIGHTS

    assert WEIGHTS[:6] == (1, 3, 9, 27, 19, 26) and len(WEIGHTS) == 17


def test_a_check_value_of_31_is_written_0():
    # 17 zeros: the sum is 0, 31 − 0 = 31, written "0".
    assert credit_code_check_char("0" * 17) == "0"
    assert normalise_credit_code("0" * 18) == "0" * 18


@pytest.mark.parametrize("code", VALID)
def test_every_single_character_change_is_refused(code):
    changed = 0
    for position in range(18):
        for char in CHARSET:
            if char == code[position]:
                continue
            wrong = code[:position] + char + code[position + 1 :]
            with pytest.raises(ValidationError) as exc:
                normalise_credit_code(wrong)
            assert exc.value.code == "checksum"
            changed += 1
    assert changed == 18 * 30


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("91350100M000100Y4", "length", "18 characters, not 17"),
        ("91350100M000100Y433", "length", "18 characters, not 19"),
        ("", "length", "not 0"),
        ("91350100M000100I43", "character", "“I” cannot appear"),
        ("91350100M000100O43", "character", "“O” cannot appear"),
        ("91350100M00010-Y43", "character", "“-” cannot appear"),
        ("91350100M000100Y44", "checksum", "check character"),
    ],
)
def test_refusals_say_what_is_wrong(text, code, words):
    with pytest.raises(ValidationError) as exc:
        normalise_credit_code(text)
    assert exc.value.code == code
    assert words in exc.value.messages[0]
