"""Password rules beyond Django's own (MLPS level 3: complexity, DOMAIN.md §8)."""

import re

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
