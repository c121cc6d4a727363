"""The kinds of request that go through approval: each module registers its own.

A kind names its default steps (one role code per level) and the callbacks run when a request is
finally approved, rejected or withdrawn; a site may replace the default steps with its own
``ApprovalFlow``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ApprovalKind:
    """A kind of request (room booking, duty swap …) and what approval does to it.

    The callbacks are called as ``callback(request, by)`` inside the decision's transaction, so
    an exception they raise rolls the decision back. ``summary(target)`` gives the facts an
    approver needs on the request's page, as (label, value) pairs: the amount, what it
    exceeds, what is asked for."""

    code: str
    label: str
    default_steps: tuple[str, ...]
    on_approved: Callable | None = None
    on_rejected: Callable | None = None
    on_withdrawn: Callable | None = None
    summary: Callable | None = None


KINDS: dict[str, ApprovalKind] = {}


def register(kind: ApprovalKind) -> ApprovalKind:
    """Add (or replace) a kind of request."""
    if not kind.default_steps:
        raise ValueError(f"approval kind {kind.code!r} needs at least one default step")
    KINDS[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    """Remove a kind (tests register their own)."""
    KINDS.pop(code, None)


def get_kind(code: str) -> ApprovalKind:
    """The registered kind ``code``; a clear error when no module registered it."""
    try:
        return KINDS[code]
    except KeyError as exc:
        raise ValidationError(
            _("Unknown kind of request: %(kind)s.") % {"kind": code}, code="unknown_kind"
        ) from exc


def kind_label(code: str) -> str:
    """The translated label of a kind (the code itself if it is not registered)."""
    kind = KINDS.get(code)
    return str(kind.label) if kind else code


def kind_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered kind, for forms and filters."""
    return sorted(((code, str(kind.label)) for code, kind in KINDS.items()), key=lambda c: c[1])


def summary_of(request) -> list[tuple[str, str]]:
    """The facts of a request's record that its kind shows to approvers (none if the kind has
    no summary or the record is gone)."""
    kind = KINDS.get(request.kind)
    target = request.target if kind and kind.summary else None
    return list(kind.summary(target)) if target is not None else []
