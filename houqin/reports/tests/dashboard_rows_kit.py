"""A row of any model for the dashboard tests: the fields given, and every other required field
filled with a plain value (a related row is made at the same site)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from houqin.core.models import Site

_serial = itertools.count(1)


def make(model, site: Site, **fields):
    """A saved ``model`` row at ``site`` with ``fields``."""
    values = {"site": site} if _has_field(model, "site") else {}
    for field in model._meta.concrete_fields:
        if field.name in fields or field.name in values or not _required(field):
            continue
        values[field.name] = _value(field, site)
    values.update(fields)
    return model.objects.create(**values)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _required(field) -> bool:
    if field.primary_key or field.null or field.has_default():
        return False
    return not (field.blank and isinstance(field, models.CharField | models.TextField))


def _value(field, site: Site):
    n = next(_serial)
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if related is Site:
            return site
        if related is get_user_model():
            return get_user_model().objects.create(username=f"u{n}")
        return make(related, site)
    if field.choices:
        return field.choices[0][0]
    return _plain(field, n)


def _plain(field, n: int):
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date.today()
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    max_length = getattr(field, "max_length", None) or 20
    return f"x{n}"[:max_length]
