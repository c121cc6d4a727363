"""Fixtures of the summary page and probe tests: the office clerk of each site and a user who may
read the summary and its wording at the main site but not change it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from houqin.core import roles
from houqin.core.models import Membership
from houqin.core.testing import make_user


@pytest.fixture
def office(personas):
    return make_user("office", roles.OFFICE, personas.site)


@pytest.fixture
def other_office(personas):
    """The office clerk of the other site."""
    return make_user("office2", roles.OFFICE, personas.other_site)


@pytest.fixture
def reader(personas):
    """Someone who may read the summary and its wording at the main site but not change it."""
    group = Group.objects.create(name="wording_reader")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="reports", codename__in=["view_report", "view_summarytext"]
        )
    )
    user = make_user("reader", None, personas.site)
    Membership.objects.create(user=user, site=personas.site, role=group)
    return user
