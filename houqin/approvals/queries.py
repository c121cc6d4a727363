"""Reads of the approvals engine: the pending queue, a record's request, my requests, and who
may see or decide a request."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet

from houqin.approvals.choices import ApprovalStatus
from houqin.approvals.models import ApprovalRequest
from houqin.core.models import Membership
from houqin.core.permissions import role_holders as core_role_holders
from houqin.core.roles import LEADERSHIP


def role_holders(*, site_id: int, role: str) -> QuerySet:
    """Active users holding ``role`` at the site (who may decide a step of that role)."""
    return core_role_holders(site_id=site_id, roles=[role])


def approvals_pending_for(user) -> QuerySet[ApprovalRequest]:
    """Pending requests whose current step ``user`` may decide now: they hold the step's role
    at the request's site and did not submit it. One query, whatever the number of sites."""
    if not user.is_authenticated:
        return ApprovalRequest.objects.none()
    holds_role = Membership.objects.filter(
        user=user,
        site_id=OuterRef("site_id"),
        site__is_active=True,
        role__name=OuterRef("current_role"),
    )
    return (
        ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING)
        .filter(Exists(holds_role))
        .exclude(submitted_by=user)
        .select_related("site", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def approval_for(target) -> ApprovalRequest | None:
    """The latest request about ``target`` (None when it was never submitted)."""
    return (
        ApprovalRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


def requests_of(user) -> QuerySet[ApprovalRequest]:
    """The requests ``user`` submitted, newest first."""
    return (
        ApprovalRequest.objects.filter(submitted_by=user)
        .select_related("site")
        .order_by("-submitted_at", "-pk")
    )


def roles_at(user, site_id: int) -> frozenset[str]:
    """The role codes ``user`` holds at a site (one query)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, site_id=site_id, site__is_active=True).values_list(
            "role__name", flat=True
        )
    )


def may_view(user, request: ApprovalRequest, roles: frozenset[str]) -> bool:
    """The submitter, the holders of any of its steps' roles at its site and the site's
    leadership see a request (``roles``: the user's roles at that site)."""
    if user.pk == request.submitted_by_id or user.is_superuser:
        return True
    return LEADERSHIP in roles or bool(roles & set(request.steps))


def may_decide(user, request: ApprovalRequest, roles: frozenset[str]) -> bool:
    """Whether ``user`` may decide the request's current step now."""
    return (
        request.status == ApprovalStatus.PENDING
        and user.pk != request.submitted_by_id
        and request.current_role in roles
    )


def request_visible(user, pk) -> tuple[ApprovalRequest, frozenset[str]] | None:
    """The request ``pk`` with the user's roles at its site, if the user may see it."""
    request = (
        ApprovalRequest.objects.select_related("site", "submitted_by", "content_type")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        return None
    roles = roles_at(user, request.site_id)
    return (request, roles) if may_view(user, request, roles) else None


def decisions_of(request: ApprovalRequest) -> QuerySet:
    """The decisions taken so far, by level."""
    return request.decisions.select_related("decided_by").order_by("step")
