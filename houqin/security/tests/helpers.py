"""Small builders shared by the visitor-registration tests (and the core/reports tests that
need visits): a visitor, a check-in, a blacklist entry, an invitation, a check-in form post."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from houqin.core.models import Department, Person
from houqin.core.testing import resident_id
from houqin.security import services
from houqin.security.models import BlacklistEntry
from houqin.security.services.visitors import VisitorData

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(*args) -> datetime:
    """An aware datetime on the compound's wall clock (Asia/Shanghai)."""
    return datetime(*args, tzinfo=SHANGHAI)


def department(site) -> Department:
    return Department.objects.filter(site=site).order_by("pk").first()


def host(site) -> Person:
    """The host person make_site() creates (in the site's department)."""
    return Person.objects.filter(site=site, user__isnull=True).order_by("pk").first()


def visitor(site, *, name="张三", id_number=None, seq=123, **extra) -> VisitorData:
    """A valid visitor hosted by the site's department."""
    fields = {"host_department": department(site), "purpose": "business", **extra}
    return VisitorData(
        visitor_name=name,
        id_type="resident_id",
        id_number=id_number or resident_id(seq=seq),
        **fields,
    )


def check_in(site, by, *, at=None, **visitor_fields):
    """Check a visitor in through the service."""
    return services.visit_check_in(site=site, by=by, data=visitor(site, **visitor_fields), at=at)


def blacklist(site, by, id_number, *, name="李四", reason="曾冲闯大门"):
    """Put an ID number on a site's blacklist through the service."""
    entry = BlacklistEntry(site=site, name=name, id_type="resident_id", reason=reason)
    return services.blacklist_entry_save(entry=entry, id_number=id_number, by=by)


def invite(site, by, *, expected_at=None, valid_until=None, **visitor_fields):
    """A host's invitation (arriving in an hour unless told otherwise)."""
    expected_at = expected_at or timezone.now() + timedelta(hours=1)
    return services.invitation_create(
        site=site,
        by=by,
        data=visitor(site, host_person=host(site), **visitor_fields),
        expected_at=expected_at,
        valid_until=valid_until,
    )


def check_in_post(site, /, **overrides) -> dict:
    """The POST body of the gate's check-in form for a valid visitor."""
    data = {
        "site": site.pk,
        "visitor_name": "王五",
        "id_type": "resident_id",
        "id_number": resident_id(seq=321),
        "phone": "13812345678",
        "organisation": "市财政局",
        "host_department": department(site).pk,
        "host_person": "",
        "purpose": "business",
        "companions": 0,
        "vehicle_plate": "",
        "purpose_detail": "",
        "items_carried": "",
        "gate": "",
    }
    data.update(overrides)
    return data


def api_check_in_body(site, /, **overrides) -> dict:
    """The JSON body of POST /api/security/visits/ for a valid visitor."""
    body = {
        "site": site.code,
        "visitor_name": "赵六",
        "id_type": "resident_id",
        "id_number": resident_id(seq=456),
        "phone": "13912345678",
        "organisation": "市审计局",
        "host_department": department(site).pk,
        "purpose": "meeting",
        "companions": 1,
    }
    body.update(overrides)
    return body


def bad_check_digit(number: str) -> str:
    """The same number with a wrong check character."""
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def login(user=None, **defaults):
    """A browser session of ``user`` (anonymous for None) reading the English UI, so messages can
    be asserted whatever the Chinese catalogue says."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en", **defaults)
    if user is not None:
        client.force_login(user)
    return client
