"""Checks every module's services make on what people enter: a moment not in the future, a
choice from the same site, a photo of an accepted type."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock may run a little ahead
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def past_moment(value: datetime | None, *, field: str) -> datetime:
    """An aware moment not in the future (now when empty)."""
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        raise ValidationError({field: _("This time is in the future.")})
    return value


def same_site(site, obj, *, field: str) -> None:
    """``obj`` (a location, camera, department, unit …) must belong to ``site`` and be in use."""
    if obj is not None and obj.site_id != site.pk:
        raise ValidationError({field: _("This choice is not at the chosen site.")})
    if obj is not None and getattr(obj, "is_active", True) is False:
        raise ValidationError({field: _("This choice is no longer in use.")})


def check_photo(photo, *, field: str = "photo") -> None:
    """Refuse anything but a JPEG, PNG or WebP photo (before anything is written)."""
    from houqin.core.uploads import check_upload

    if photo is None:
        return
    try:
        mime = check_upload(photo)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if mime not in PHOTO_TYPES:
        raise ValidationError({field: _("The photo must be a JPEG, PNG or WebP image.")})


def chosen_year(request, *, earliest: int = 2000) -> int:
    """The ``year`` of the query string of a yearly page, or this year; a year before
    ``earliest`` or after next year, or no year at all, is answered with a message and this
    year, not an error. (A chronicle reaches back decades; the records of operations do not.)"""
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if raw.isdecimal() and earliest <= int(raw) <= this_year + 1:  # "²" is a digit, not an int
        return int(raw)
    if raw and earliest == 2000:
        messages.error(request, _("Choose a year between 2000 and next year."))
    elif raw:
        messages.error(
            request, _("Choose a year between %(first)d and next year.") % {"first": earliest}
        )
    return this_year


SITE_CODE = re.compile(r"[-a-zA-Z0-9_]{1,20}")


def is_site_code(code: str) -> bool:
    """Whether ``code`` can be a site's code (a slug). Anything else is no site and never
    reaches the database: PostgreSQL answers a NUL byte in a parameter with an error."""
    return bool(SITE_CODE.fullmatch(code))
