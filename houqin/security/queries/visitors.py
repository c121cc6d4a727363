"""Reads of the security module: who is inside, overstays, invitation states, figures."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.security.choices import VisitStatus
from houqin.security.models import Invitation, Visit


def overstay_cutoff():
    """Visitors who came in before this time and are still inside are overstaying."""
    return timezone.now() - timedelta(hours=settings.VISIT_OVERSTAY_HOURS)


def is_overstay(visit: Visit) -> bool:
    """True if the visitor is still inside after the allowed stay."""
    return visit.status == VisitStatus.INSIDE and visit.checked_in_at < overstay_cutoff()


def visits_inside(queryset=None):
    """Registrations of visitors now inside, oldest first."""
    qs = Visit.objects.all() if queryset is None else queryset
    return qs.filter(status=VisitStatus.INSIDE, voided_at__isnull=True).order_by("checked_in_at")


def gate_counts(queryset) -> dict:
    """Inside now, of whom overstaying, and today's check-ins and refusals.

    Two aggregates, each answered from an index: one over the visitors inside (status), one over
    today's registrations (check-in time); a single aggregate would scan every row ever kept."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    live = queryset.filter(voided_at__isnull=True)
    inside = live.filter(status=VisitStatus.INSIDE).aggregate(
        inside=Count("pk"), overstay=Count("pk", filter=Q(checked_in_at__lt=overstay_cutoff()))
    )
    refused = Q(status=VisitStatus.REFUSED)
    todays = live.filter(checked_in_at__gte=today).aggregate(
        today=Count("pk", filter=~refused), refused_today=Count("pk", filter=refused)
    )
    return {**inside, **todays}


class InvitationState(models.TextChoices):
    PENDING = "pending", _("waiting")
    USED = "used", _("admitted")
    EXPIRED = "expired", _("expired")
    VOID = "void", _("cancelled")


def invitation_state(invitation: Invitation) -> InvitationState:
    """Where an invitation stands (derived, never stored)."""
    if invitation.voided_at:
        return InvitationState.VOID
    if hasattr(invitation, "visit"):
        return InvitationState.USED
    if invitation.valid_until < timezone.now():
        return InvitationState.EXPIRED
    return InvitationState.PENDING


def _registrations(site_ids, start, end):
    qs = Visit.objects.filter(
        checked_in_at__gte=start, checked_in_at__lt=end, voided_at__isnull=True
    )
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def visit_figures(*, site_ids, start, end) -> dict:
    """The year's visitor figures in one aggregate query."""
    admitted = ~Q(status=VisitStatus.REFUSED)
    row = _registrations(site_ids, start, end).aggregate(
        registrations=Count("pk", filter=admitted),
        companions=Sum("companions", filter=admitted),
        blocked=Count("pk", filter=Q(status=VisitStatus.REFUSED)),
        preregistered=Count("pk", filter=admitted & Q(invitation__isnull=False)),
        vehicles=Count("pk", filter=admitted & Q(has_vehicle=True)),
    )
    row["companions"] = row["companions"] or 0
    return row


def invitations_visible(user, queryset=None):
    """Invitations ``user`` may see: every one of the sites where they hold the view permission
    (the gate), and their own at the sites where they may still invite."""
    from houqin.core.permissions import sites_with_perm

    qs = Invitation.objects.all() if queryset is None else queryset
    own_sites = sites_with_perm(user, "security.add_invitation")
    own = qs.filter(created_by=user)
    if own_sites is not None:
        own = own.filter(site_id__in=own_sites)
    return (qs.restrict(user, "view") | own).distinct()
