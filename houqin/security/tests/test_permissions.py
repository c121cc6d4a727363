"""Who may do what, and where: every visitor page and endpoint for every persona, plus the wrong
site (the other site's guard) and the host who sees only her own invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from houqin.core import roles
from houqin.core.models import Event
from houqin.core.testing import make_user, resident_id
from houqin.security.models import Invitation, Visit
from houqin.security.tests.helpers import (
    api_check_in_body,
    check_in,
    check_in_post,
    department,
    invite,
    login,
)

pytestmark = pytest.mark.django_db

PERSONAS = ["guard", "duty", "secadmin", "staff", "leader", "admin", "outsider", "nobody", None]
LOGIN = "login"  # anonymous on a page: redirected to the login page
DENIED = "denied"  # anonymous on the API: 401 or 403

# persona:       guard duty secadmin staff leader admin outsider nobody anonymous
PAGES = {
    "gate": (200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
    "check_in": (200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
    "ledger": (200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "ledger_export": (200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "visit_detail": (200, 200, 200, 403, 200, 403, 404, 403, LOGIN),
    "void_page": (403, 200, 200, 403, 403, 403, 403, 403, LOGIN),
    "import_page": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "blacklist_list": (200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
    "blacklist_add": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "invitation_add": (403, 403, 200, 200, 403, 403, 403, 403, LOGIN),
    "reveal": (403, 403, 200, 403, 403, 403, 404, 403, LOGIN),
    "annual_page": (403, 200, 200, 403, 200, 403, 403, 403, LOGIN),
}
API = {
    "api_list": (200, 200, 200, 403, 200, 403, 200, 403, DENIED),
    "api_create": (201, 201, 201, 403, 403, 403, 400, 403, DENIED),
    "api_detail": (200, 200, 200, 403, 200, 403, 404, 403, DENIED),
    "api_check_out": (200, 200, 200, 403, 403, 403, 404, 403, DENIED),
    "api_patch": (200, 200, 200, 403, 403, 403, 404, 403, DENIED),
    "api_void": (403, 204, 204, 403, 403, 403, 403, 403, DENIED),
    "api_annual": (403, 200, 200, 403, 200, 403, 403, 403, DENIED),
}


def _cases(table):
    return [
        pytest.param(endpoint, persona, expected, id=f"{endpoint}-{persona or 'anonymous'}")
        for endpoint, row in table.items()
        for persona, expected in zip(PERSONAS, row, strict=True)
    ]


@pytest.fixture
def visit(personas):
    return check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))


def _page_request(client, endpoint, visit):
    pk = visit.pk
    requests = {
        "gate": ("get", reverse("security:gate"), {}),
        "check_in": ("get", reverse("security:visit_add"), {}),
        "ledger": ("get", reverse("security:visit_list"), {}),
        "ledger_export": ("get", reverse("security:visit_list"), {"export": "xlsx"}),
        "visit_detail": ("get", reverse("security:visit_detail", args=[pk]), {}),
        "void_page": ("get", reverse("security:visit_void", args=[pk]), {}),
        "import_page": ("get", reverse("security:visit_import"), {}),
        "blacklist_list": ("get", reverse("security:blacklistentry_list"), {}),
        "blacklist_add": ("get", reverse("security:blacklistentry_add"), {}),
        "invitation_add": ("get", reverse("security:invitation_add"), {}),
        "reveal": ("post", reverse("security:visit_reveal", args=[pk, "id_number"]), {}),
        "annual_page": ("get", reverse("reports:annual"), {"year": 2006}),
    }
    method, url, data = requests[endpoint]
    return getattr(client, method)(url, data)


@pytest.mark.parametrize(("endpoint", "persona", "expected"), _cases(PAGES))
def test_page_permissions(personas, visit, endpoint, persona, expected):
    user = getattr(personas, persona) if persona else None
    response = _page_request(login(user), endpoint, visit)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


def _api_request(client, endpoint, visit, personas):
    base = "/api/security/visits/"
    if endpoint == "api_list":
        return client.get(base)
    if endpoint == "api_create":
        return client.post(base, api_check_in_body(personas.site), format="json")
    if endpoint == "api_detail":
        return client.get(f"{base}{visit.pk}/")
    if endpoint == "api_check_out":
        return client.post(f"{base}{visit.pk}/check-out/", {}, format="json")
    if endpoint == "api_patch":
        return client.patch(f"{base}{visit.pk}/", {"companions": 3}, format="json")
    if endpoint == "api_void":
        return client.post(f"{base}{visit.pk}/void/", {"reason": "登记错误"}, format="json")
    return client.get("/api/reports/annual/", {"year": 2006})


@pytest.mark.parametrize(("endpoint", "persona", "expected"), _cases(API))
def test_api_permissions(personas, visit, endpoint, persona, expected):
    client = APIClient()
    if persona:
        client.force_authenticate(getattr(personas, persona))
    response = _api_request(client, endpoint, visit, personas)

    if expected == DENIED:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected, response.content
    if response.status_code >= 400:
        visit.refresh_from_db()
        assert visit.status == "inside" and visit.voided_at is None and visit.companions == 0


def test_refused_write_through_the_api_changes_nothing(personas, visit):
    client = APIClient()
    client.force_authenticate(personas.leader)
    client.post("/api/security/visits/", api_check_in_body(personas.site), format="json")
    client.post(f"/api/security/visits/{visit.pk}/void/", {"reason": "x"}, format="json")
    assert Visit.objects.count() == 1
    assert Visit.objects.get().voided_at is None


# Wrong site ----------------------------------------------------------------------------------


def test_outsider_does_not_see_main_site_visits_in_the_ledger(personas, visit):
    own = check_in(personas.other_site, personas.outsider, name="分院访客", seq=9)
    client = login(personas.outsider)

    page = client.get(reverse("security:visit_list")).content.decode()
    assert "分院访客" in page
    assert "张三" not in page  # the main site's visitor (numbers are per site, so both are 00001)

    listed = {(r["site"], r["number"], r["visitor_name"]) for r in _api_results(personas.outsider)}
    assert listed == {("other", own.number, "分院访客")}


def _api_results(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/security/visits/", params)
    assert response.status_code == 200
    return response.json()["results"]


def test_outsider_cannot_ask_for_the_main_site_by_filter(personas, visit):
    client = APIClient()
    client.force_authenticate(personas.outsider)
    for site in ("main", personas.site.pk):
        response = client.get("/api/security/visits/", {"site": site})
        assert response.status_code in (200, 400, 404)
        assert "张三" not in response.content.decode()
    page = login(personas.outsider).get(reverse("security:visit_list"), {"site": personas.site.pk})
    assert page.status_code == 200
    assert "张三" not in page.content.decode()


def test_api_list_can_be_narrowed_to_one_site_by_its_code(personas, visit):
    from django.contrib.auth.models import Group

    from houqin.core.models import Membership

    Membership.objects.create(
        user=personas.guard, site=personas.other_site, role=Group.objects.get(name=roles.GUARD)
    )
    elsewhere = check_in(personas.other_site, personas.outsider, seq=9)
    client = APIClient()
    client.force_authenticate(personas.guard)

    response = client.get("/api/security/visits/", {"site": "main"})

    assert response.status_code == 200, response.content.decode()
    assert {r["number"] for r in response.json()["results"]} == {visit.number}
    response = client.get("/api/security/visits/", {"site": "other"})
    assert {(r["site"], r["number"]) for r in response.json()["results"]} == {
        ("other", elsewhere.number)
    }


def test_outsider_export_contains_no_main_site_visit(personas, visit):
    import io

    from openpyxl import load_workbook

    response = login(personas.outsider).get(reverse("security:visit_list"), {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    values = {c.value for row in ws.iter_rows(min_row=4) for c in row if c.value}
    assert "张三" not in values


def test_outsider_cannot_check_in_at_the_main_site(personas):
    client = APIClient()
    client.force_authenticate(personas.outsider)
    response = client.post("/api/security/visits/", api_check_in_body(personas.site), format="json")
    assert response.status_code in (400, 403)
    assert {"site", "host_department"} & set(response.json()["errors"])  # unknown to them

    page = login(personas.outsider).post(
        reverse("security:visit_add"), check_in_post(personas.site)
    )
    assert page.status_code == 400
    assert not Visit.objects.exists()


def test_outsider_cannot_check_out_or_void_a_main_site_visit(personas, visit):
    client = login(personas.outsider)
    response = client.post(reverse("security:visit_check_out", args=[visit.pk]), {})
    assert response.status_code == 404
    assert Visit.objects.get(pk=visit.pk).status == "inside"


def test_guard_of_both_sites_sees_both(personas, visit):
    from django.contrib.auth.models import Group

    from houqin.core.models import Membership

    Membership.objects.create(
        user=personas.outsider, site=personas.site, role=Group.objects.get(name=roles.GUARD)
    )
    own = check_in(personas.other_site, personas.outsider, seq=9)
    numbers = {(r["site"], r["number"]) for r in _api_results(personas.outsider)}
    assert numbers == {("main", visit.number), ("other", own.number)}


# Reveal --------------------------------------------------------------------------------------


def test_only_the_security_administrator_can_reveal_an_id_number(personas):
    number = resident_id(seq=42)
    visit = check_in(personas.site, personas.guard, id_number=number)
    url = reverse("security:visit_reveal", args=[visit.pk, "id_number"])

    assert login(personas.guard).post(url).status_code == 403
    assert login(personas.duty).post(url).status_code == 403
    response = login(personas.secadmin).post(url)

    assert response.status_code == 200
    assert number in response.content.decode()
    reveals = Event.objects.filter(verb="reveal", object_id=visit.pk)
    assert list(reveals.values_list("actor__username", flat=True)) == ["secadmin"]


def test_reveal_is_post_only(personas):
    visit = check_in(personas.site, personas.guard)
    response = login(personas.secadmin).get(
        reverse("security:visit_reveal", args=[visit.pk, "id_number"])
    )
    assert response.status_code == 405
    assert not Event.objects.filter(verb="reveal").exists()


def test_detail_page_shows_reveal_buttons_only_to_the_security_administrator(personas):
    visit = check_in(personas.site, personas.guard)
    url = visit.get_absolute_url()
    assert 'data-testid="reveal-id"' in login(personas.secadmin).get(url).content.decode()
    assert 'data-testid="reveal-id"' not in login(personas.guard).get(url).content.decode()
    assert 'data-testid="reveal-id"' not in login(personas.leader).get(url).content.decode()


# Invitations: a host sees her own --------------------------------------------------------------


def test_staff_sees_only_their_own_invitations(personas):
    colleague = make_user("colleague", roles.STAFF, personas.site)
    mine = invite(personas.site, personas.staff, name="我的客人", seq=1)
    theirs = invite(personas.site, colleague, name="别人的客人", seq=2)
    client = login(personas.staff)

    page = client.get(reverse("security:invitation_list"))
    assert page.status_code == 200
    assert mine.number in page.content.decode()
    assert theirs.number not in page.content.decode()
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404

    api = APIClient()
    api.force_authenticate(personas.staff)
    listed = api.get("/api/security/invitations/")
    assert listed.status_code == 200
    assert {r["number"] for r in listed.json()["results"]} == {mine.number}
    assert api.get(f"/api/security/invitations/{theirs.pk}/").status_code == 404


def test_security_administrator_sees_every_invitation_of_the_site(personas):
    mine = invite(personas.site, personas.staff, seq=1)
    other = invite(personas.site, make_user("colleague", roles.STAFF, personas.site), seq=2)
    page = login(personas.secadmin).get(reverse("security:invitation_list")).content.decode()
    assert mine.number in page and other.number in page


def test_staff_cannot_invite_for_another_site(personas):
    api = APIClient()
    api.force_authenticate(personas.staff)
    body = api_check_in_body(
        personas.other_site, host_department=department(personas.other_site).pk
    )
    body.update(expected_at=(timezone.now() + timedelta(hours=1)).isoformat())
    response = api.post("/api/security/invitations/", body, format="json")
    assert response.status_code in (400, 403)
    assert not Invitation.objects.exists()


def test_staff_can_invite_through_the_page(personas):
    from houqin.security.tests.helpers import host

    data = check_in_post(
        personas.site,
        visitor_name="受邀人",
        host_person=host(personas.site).pk,
        expected_at=(timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        valid_until="",
    )
    response = login(personas.staff).post(reverse("security:invitation_add"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    invitation = Invitation.objects.get()
    assert invitation.created_by == personas.staff and invitation.scan_link.max_uses == 1
