"""Builders shared by the approvals tests."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.test import Client

from houqin.approvals.models import ApprovalFlow, ApprovalStep
from houqin.approvals.services import approval_submit
from houqin.approvals.tests.conftest import KIND
from houqin.core.models import Department, Membership
from houqin.core.testing import make_user


def department(site) -> Department:
    return Department.objects.filter(site=site).order_by("pk").first()


def submit(site, by, *, target=None, title="采购办公桌椅", kind=KIND):
    """Submit the site's department (or ``target``) for approval."""
    return approval_submit(
        kind=kind, target=target or department(site), site=site, by=by, title=title
    )


def flow(site, *role_codes, kind=KIND, active=True) -> ApprovalFlow:
    """A site's own flow with one step per role code."""
    made = ApprovalFlow.objects.create(site=site, kind=kind, name="本院区流程", is_active=active)
    for position, code in enumerate(role_codes, start=1):
        ApprovalStep.objects.create(flow=made, position=position, role=Group.objects.get(name=code))
    return made


def another(username: str, role: str, site):
    """Another holder of ``role`` at ``site``."""
    return make_user(username, role, site)


def grant(user, role: str, site) -> None:
    Membership.objects.create(user=user, site=site, role=Group.objects.get(name=role))


def login(user=None) -> Client:
    """A browser session reading the English UI (anonymous for None)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client
