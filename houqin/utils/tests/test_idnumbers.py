"""Tests for identity-document number validation and masking."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from houqin.utils.idnumbers import (
    CHECK_MAP,
    MAINLAND_REGION_PREFIXES,
    PERMIT_REGION_PREFIXES,
    WEIGHTS,
    IdNumberError,
    IdType,
    birth_date_of,
    check_char,
    mask_id_number,
    mask_phone,
    normalise_id_number,
    upgrade_15_to_18,
)

TODAY = date(2025, 6, 1)


def normalise_resident(number: str) -> str:
    return normalise_id_number(IdType.RESIDENT_ID, number, today=TODAY)


def refusal_code(id_type: IdType | str, number: str) -> str:
    with pytest.raises(IdNumberError) as excinfo:
        normalise_id_number(id_type, number, today=TODAY)
    return excinfo.value.code


def with_check_char(first17: str) -> str:
    return first17 + check_char(first17)


def reference_check_char(first17: str) -> str:
    # The formula exactly as GB 11643-1999 states it, kept apart from the implementation.
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


# --- check character -------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_published_example_numbers_have_matching_check_characters(number):
    assert check_char(number[:17]) == reference_check_char(number[:17]) == number[17]


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_agrees_with_the_formula_in_the_standard(first17):
    assert check_char(first17) == reference_check_char(first17)


@pytest.mark.parametrize("first17", ["1101051949123100", "11010519491231002X", "1101051949123100a"])
def test_check_char_refuses_anything_but_17_digits(first17):
    with pytest.raises(IdNumberError) as excinfo:
        check_char(first17)
    assert excinfo.value.code == "format"


def test_check_char_refuses_non_ascii_digits():
    # "\u0661" is ARABIC-INDIC DIGIT ONE, which int() would accept.
    with pytest.raises(IdNumberError):
        check_char("\u0661" * 17)


def test_every_single_digit_substitution_changes_the_weighted_sum_mod_11():
    # The claim that property test below relies on, checked exhaustively: 11 is prime and no
    # weight is a multiple of 11, so weight * (new - old) is never 0 mod 11 for a real change.
    for weight in WEIGHTS:
        for delta in range(-9, 10):
            if delta:
                assert weight * delta % 11 != 0
    assert len(set(CHECK_MAP)) == 11


# --- resident ID numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("number", ["11010519491231002X", "430102197001011239"])
def test_valid_resident_id_is_accepted_unchanged(number):
    assert normalise_resident(number) == number


def test_standard_example_born_in_1880_is_refused_for_its_birth_date_not_its_checksum():
    # GB 11643-1999's own worked example has a correct check character but predates the
    # 1900-01-01 floor that this application applies to birth dates.
    assert check_char("44052418800101001") == "4"
    assert refusal_code(IdType.RESIDENT_ID, "440524188001010014") == "birth_date"


def test_resident_id_with_lower_case_x_is_normalised_to_upper_case():
    assert normalise_resident("11010519491231002x") == "11010519491231002X"


def test_resident_id_surrounding_whitespace_is_stripped():
    assert normalise_resident(" \t11010519491231002X\u3000\n") == "11010519491231002X"


def test_resident_id_typed_with_full_width_characters_is_folded_to_ascii():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "11010519491231002x")
    assert normalise_resident(full_width) == "11010519491231002X"


def test_resident_id_with_non_ascii_digits_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, "\u0661" * 18) == "format"


def test_id_type_may_be_given_as_its_stored_string_value():
    assert normalise_id_number("resident_id", "11010519491231002X", today=TODAY) == (
        "11010519491231002X"
    )


def test_unknown_id_type_is_refused():
    assert refusal_code("driving_licence", "11010519491231002X") == "id_type"


def test_resident_id_with_wrong_check_digit_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, "110105194912310021") == "checksum"


def test_resident_id_with_x_typed_in_place_of_a_digit_check_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, "43010219700101123X") == "checksum"


@pytest.mark.parametrize("number", ["1101051949123100", "1101051949123100201", ""])
def test_resident_id_of_wrong_length_is_refused(number):
    assert refusal_code(IdType.RESIDENT_ID, number) == "length"


@pytest.mark.parametrize(
    "number", ["1101051949123X002X", "11010519491231 02X", "11010519491231002Y"]
)
def test_resident_id_with_misplaced_letters_is_refused(number):
    assert refusal_code(IdType.RESIDENT_ID, number) == "format"


def test_resident_id_with_february_30_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, with_check_char("11010519900230002")) == "birth_date"


def test_resident_id_with_february_29_outside_a_leap_year_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, with_check_char("11010519000229002")) == "birth_date"


def test_resident_id_with_february_29_in_a_leap_year_is_accepted():
    number = with_check_char("11010520000229002")
    assert normalise_resident(number) == number


def test_resident_id_with_birth_date_in_the_future_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, with_check_char("11010520250602002")) == "birth_date"


def test_resident_id_born_today_is_accepted():
    number = with_check_char("11010520250601002")
    assert normalise_resident(number) == number


def test_resident_id_born_before_1900_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, with_check_char("11010518991231002")) == "birth_date"


def test_resident_id_future_check_defaults_to_the_real_today():
    number = with_check_char("11010599991231002")
    with pytest.raises(IdNumberError) as excinfo:
        normalise_id_number(IdType.RESIDENT_ID, number)
    assert excinfo.value.code == "birth_date"
    assert normalise_id_number(IdType.RESIDENT_ID, "11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize(
    "prefix", ["00", "10", "16", "20", "24", "30", "38", "47", "55", "66", "80"]
)
def test_resident_id_with_unknown_region_is_refused(prefix):
    number = with_check_char(prefix + "010519491231002")
    assert refusal_code(IdType.RESIDENT_ID, number) == "region"


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_hong_kong_macao_taiwan_residence_permit_numbers_are_accepted(prefix):
    number = with_check_char(prefix + "19800101002")
    assert normalise_resident(number) == number


@pytest.mark.parametrize("prefix", ["911156", "953840"])
def test_foreign_permanent_resident_card_numbers_starting_with_9_are_accepted(prefix):
    number = with_check_char(prefix + "19800101002")
    assert normalise_resident(number) == number


def test_legacy_15_digit_resident_id_is_upgraded_to_18_characters():
    assert upgrade_15_to_18("110105491231002") == "11010519491231002X"


def test_legacy_15_digit_resident_id_is_normalised_to_its_18_character_form():
    assert normalise_resident(" 110105491231002 ") == "11010519491231002X"


def test_legacy_15_digit_resident_id_with_impossible_date_is_refused():
    assert refusal_code(IdType.RESIDENT_ID, "110105490230002") == "birth_date"


@pytest.mark.parametrize("number", ["810000800101002", "911156800101002", "000000491231002"])
def test_legacy_15_digit_resident_id_outside_the_mainland_regions_is_refused(number):
    assert refusal_code(IdType.RESIDENT_ID, number) == "region"


@pytest.mark.parametrize("number", ["11010549123100X", "11010549123100", "1101054912310021"])
def test_upgrade_15_to_18_refuses_anything_but_15_digits(number):
    with pytest.raises(IdNumberError) as excinfo:
        upgrade_15_to_18(number)
    assert excinfo.value.code == "format"


def test_birth_date_of_reads_the_eight_date_digits():
    assert birth_date_of("11010519491231002X") == date(1949, 12, 31)


def test_birth_date_of_refuses_an_impossible_date():
    with pytest.raises(IdNumberError) as excinfo:
        birth_date_of("110105194913310021")
    assert excinfo.value.code == "birth_date"


def test_birth_date_of_refuses_a_15_digit_number():
    with pytest.raises(IdNumberError) as excinfo:
        birth_date_of("110105491231002")
    assert excinfo.value.code == "length"


def test_id_number_error_is_a_value_error_with_a_message():
    with pytest.raises(ValueError, match="check character"):
        normalise_resident("110105194912310021")


# --- resident ID properties ------------------------------------------------------------------

region_codes = st.one_of(
    st.tuples(
        st.sampled_from(sorted(MAINLAND_REGION_PREFIXES | PERMIT_REGION_PREFIXES)),
        st.text(alphabet="0123456789", min_size=4, max_size=4),
    ).map("".join),
    st.text(alphabet="0123456789", min_size=5, max_size=5).map(lambda rest: "9" + rest),
)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


@st.composite
def valid_resident_ids(draw):
    first17 = f"{draw(region_codes)}{draw(birth_dates):%Y%m%d}{draw(sequences)}"
    return with_check_char(first17)


@given(region_codes, birth_dates, sequences)
def test_any_number_built_with_check_char_validates_and_round_trips(region, born, sequence):
    number = with_check_char(f"{region}{born:%Y%m%d}{sequence}")
    assert normalise_resident(number) == number
    assert normalise_resident(f"  {number.lower()} ") == number
    assert birth_date_of(number) == born


@given(valid_resident_ids(), st.integers(min_value=0, max_value=16), st.integers(1, 9))
def test_changing_any_one_of_the_first_17_digits_makes_the_number_invalid(number, index, shift):
    new_digit = str((int(number[index]) + shift) % 10)
    altered = number[:index] + new_digit + number[index + 1 :]
    # Region or date checks may refuse it first, but the checksum alone must already disagree.
    assert check_char(altered[:17]) != altered[17]
    with pytest.raises(IdNumberError):
        normalise_resident(altered)


@given(
    st.sampled_from(sorted(MAINLAND_REGION_PREFIXES)),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    sequences,
)
def test_any_legacy_number_upgrades_to_a_valid_18_character_number(prefix, rest, born, sequence):
    legacy = f"{prefix}{rest}{born:%y%m%d}{sequence}"
    upgraded = normalise_resident(legacy)
    assert len(upgraded) == 18
    assert upgraded == upgrade_15_to_18(legacy)
    assert normalise_resident(upgraded) == upgraded
    assert birth_date_of(upgraded) == born


# --- other document types --------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "E12345678",
        "EA1234567",
        "G12345678",
        "SE1234567",
        "PE1234567",
        "DE1234567",
        "K12345678",
        "MA1234567",
        "X1234",
        "12345678901234567890",
    ],
)
def test_passport_numbers_of_known_shapes_are_accepted(number):
    assert normalise_id_number(IdType.PASSPORT, number) == number


def test_passport_number_is_upper_cased_and_stripped():
    assert normalise_id_number(IdType.PASSPORT, " e12345678 ") == "E12345678"


@pytest.mark.parametrize("number", ["AB12", "A" * 21, "E1234-678", "E 12345678", "护照12345"])
def test_malformed_passport_number_is_refused(number):
    assert refusal_code(IdType.PASSPORT, number) == "format"


@pytest.mark.parametrize(
    "number", ["C12345678", "CA1234567", "W12345678", "H12345678", "M1234567890"]
)
def test_hong_kong_macao_permit_numbers_are_accepted(number):
    assert normalise_id_number(IdType.HK_MACAO_PERMIT, number) == number


@pytest.mark.parametrize(
    "number", ["C1234567", "W1234567A", "H123456789", "M123456789012", "K12345678", "12345678"]
)
def test_malformed_hong_kong_macao_permit_number_is_refused(number):
    assert refusal_code(IdType.HK_MACAO_PERMIT, number) == "format"


@pytest.mark.parametrize("number", ["12345678", "1234567890"])
def test_taiwan_permit_numbers_of_8_or_10_digits_are_accepted(number):
    assert normalise_id_number(IdType.TAIWAN_PERMIT, number) == number


@pytest.mark.parametrize("number", ["1234567", "123456789", "12345678901", "T1234567"])
def test_taiwan_permit_numbers_of_other_lengths_are_refused(number):
    assert refusal_code(IdType.TAIWAN_PERMIT, number) == "format"


def test_other_document_number_may_contain_any_printable_characters():
    assert normalise_id_number(IdType.OTHER, " 军字第 12345 号 ") == "军字第 12345 号"


@pytest.mark.parametrize("number", ["", "   ", "A" * 31])
def test_other_document_number_of_wrong_length_is_refused(number):
    assert refusal_code(IdType.OTHER, number) == "length"


@pytest.mark.parametrize("number", ["AB\nCD", "AB\x00CD", "AB\u200bCD", "AB\tCD"])
def test_other_document_number_with_control_characters_is_refused(number):
    assert refusal_code(IdType.OTHER, number) == "format"


# --- masking ---------------------------------------------------------------------------------


def test_resident_id_mask_keeps_first_six_and_last_four():
    assert mask_id_number("43010219700101123X") == "430102********123X"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("", ""),
        ("A", "*"),
        ("AB", "A*"),
        ("ABCD", "A**D"),
        ("ABCDEF", "AB***F"),
        ("E12345678", "E1*****78"),
        ("110105491231002", "11***********02"),
        ("12345678901234567890", "12****************90"),
    ],
)
def test_shorter_and_longer_numbers_keep_at_most_two_characters_at_each_end(number, masked):
    assert mask_id_number(number) == masked


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_masked_resident_id_keeps_its_length_and_reveals_at_most_ten_characters(number):
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert sum(c != "*" for c in masked) <= 10
    assert all(m in ("*", c) for m, c in zip(masked, number, strict=True))


@given(
    st.text(alphabet=st.characters(exclude_characters="*"), max_size=40).filter(
        lambda s: len(s) != 18
    )
)
def test_masked_number_never_reveals_more_than_half_of_a_non_resident_id(number):
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert sum(c != "*" for c in masked) <= len(number) // 2
    assert all(m in ("*", c) for m, c in zip(masked, number, strict=True))


def test_mainland_mobile_number_is_masked_in_the_customary_way():
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("", ""),
        ("110", "1**"),
        ("12345", "1***5"),
        ("6512345", "65****5"),
        ("010-12345678", "010*******78"),
        ("+8613812345678", "+86*********78"),
    ],
)
def test_other_phone_numbers_keep_at_most_three_leading_and_two_trailing_characters(phone, masked):
    assert mask_phone(phone) == masked


@given(st.text(alphabet=st.characters(exclude_characters="*"), max_size=30))
def test_masked_phone_keeps_its_length(phone):
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert all(m in ("*", c) for m, c in zip(masked, phone, strict=True))
