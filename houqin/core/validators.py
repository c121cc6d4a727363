"""Password rules beyond Django's own (MLPS level 3: complexity, DOMAIN.md §8)."""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require at least three of: lower-case letters, upper-case letters, digits, symbols."""

    def validate(self, password, user=None):
        classes = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]
        if sum(1 for pattern in classes if re.search(pattern, password)) < 3:
            raise ValidationError(
                _(
                    "The password must mix at least three of: lower-case letters, upper-case "
                    "letters, digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("Mix at least three of: lower-case letters, upper-case letters, digits, symbols.")


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def validate_date_in_range(value) -> None:
    """Refuse dates (or times) so far off that the day's bounds in UTC, the next day or the next
    month cannot be computed (year 1, year 9999): a clear message instead of an overflow."""
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        )
