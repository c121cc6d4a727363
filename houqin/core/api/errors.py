"""One error format for the whole API: ``{"detail": "…", "errors": {"field": ["…"]}}``.

Validation errors are 400 with field messages; a business rule refused by a service (Django's
ValidationError) is a 400 too; nothing is a 500."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_handler


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (val if isinstance(val, list) else [val])]
            for key, val in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def exception_handler(exc, context):
    """Translate every error into the one format."""
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(
            {"non_field_errors": [_("The record conflicts with existing data.")]}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        detail = _("The data sent is not valid.")
        if "non_field_errors" in errors:
            detail = errors["non_field_errors"][0]
        response.data = {"detail": detail, "errors": errors}
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
    return response
