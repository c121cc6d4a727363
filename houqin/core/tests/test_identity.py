"""Who is asking: the signed-in user is read together with the roles and sites they hold and
their unread notifications, in one query, through the session and through an API token alike."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from houqin.core import roles, services
from houqin.core.db import statement
from houqin.core.models import Membership, Site
from houqin.core.permissions import (
    has_perm_at,
    load_user,
    sites_with_perm,
    unread_count,
    user_sites,
)

pytestmark = pytest.mark.django_db


def _join(user, role, site):
    Membership.objects.create(user=user, role=Group.objects.get(name=role), site=site)


def test_the_loaded_user_knows_their_roles_at_each_site_without_asking_again(personas):
    _join(personas.guard, roles.STAFF, personas.other_site)
    load_user(personas.staff.pk)  # the process has the roles' permissions already
    with CaptureQueriesContext(connection) as queries:
        user = load_user(personas.guard.pk)
        sites = user_sites(user)
        may_view_visits = sites_with_perm(user, "security.view_visit")
        may_add_visits = sites_with_perm(user, "security.add_visit")
        unread = unread_count(user)
    assert len(queries) == 1
    assert user == personas.guard and user.password == personas.guard.password
    assert [site.code for site in sites] == ["main", "other"]
    assert may_view_visits == {personas.site.pk}  # a staff member does not see the ledger
    assert may_add_visits == {personas.site.pk}
    assert unread == 0


def test_a_role_at_a_closed_site_gives_nothing(personas):
    Site.objects.filter(pk=personas.site.pk).update(is_active=False)
    user = load_user(personas.guard.pk)
    assert user_sites(user) == []
    assert not has_perm_at(user, "security.add_visit")


def test_a_login_without_roles_and_a_missing_user(personas):
    user = load_user(personas.nobody.pk)
    assert user == personas.nobody and user_sites(user) == []
    assert sites_with_perm(user, "security.view_visit") == frozenset()
    assert load_user(999_999) is None


def test_a_superuser_belongs_to_every_open_site(personas):
    personas.nobody.is_superuser = True
    personas.nobody.save(update_fields=["is_superuser"])
    Site.objects.create(code="closed", name="已撤销院区", is_active=False)
    user = load_user(personas.nobody.pk)
    assert [site.code for site in user_sites(user)] == ["main", "other"]
    assert sites_with_perm(user, "security.view_visit") is None


def test_a_user_object_from_elsewhere_learns_its_roles_on_first_question(personas):
    """A user built by the ORM (not by the session) still gets its roles, sites and unread
    count, in one query."""
    with CaptureQueriesContext(connection) as queries:
        assert [site.code for site in user_sites(personas.secadmin)] == ["main"]
        assert has_perm_at(personas.secadmin, "security.add_visit", personas.site.pk)
        assert unread_count(personas.secadmin) == 0
    assert len(queries) == 1


def test_a_signed_in_page_reads_session_and_user_once_and_shows_the_unread_count(client, personas):
    services.notify(site=personas.site, recipients=[personas.guard], title="巡逻点位异常")
    services.notify(site=personas.site, recipients=[personas.guard], title="访客超时未离")
    client.force_login(personas.guard)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("notification_list"))
    assert page.status_code == 200
    assert 'data-testid="unread">2<' in page.content.decode()
    user_reads = [q for q in queries.captured_queries if "core_user" in statement(q["sql"])]
    assert len(user_reads) == 1  # the user, their roles, sites and unread count together
    # Marking them read shows at once on the next page.
    client.post(reverse("notification_read"))
    assert 'data-testid="unread"' not in client.get(reverse("notification_list")).content.decode()


def test_marking_read_in_a_request_forgets_the_count_read_with_the_user(personas):
    services.notify(site=personas.site, recipients=[personas.guard], title="消防通道堵塞")
    user = load_user(personas.guard.pk)
    assert unread_count(user) == 1
    services.notification_mark_read(user=user)
    assert unread_count(user) == 0


def test_an_api_token_reads_the_user_with_roles_in_one_query(personas):
    token = Token.objects.create(user=personas.guard)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "guard"
    token_reads = [q for q in queries.captured_queries if "authtoken_token" in statement(q["sql"])]
    assert len(token_reads) == 1


@pytest.mark.parametrize(
    "cookie", ["nosuchsession0000000000000000000", "abc\x00def12345", "caf\xe9caf\xe9caf\xe9", ""]
)
def test_a_session_cookie_that_is_no_session_signs_nobody_in(client, personas, cookie):
    client.cookies["sessionid"] = cookie
    page = client.get(reverse("security:visit_list"))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_an_expired_session_signs_nobody_in(client, personas):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(personas.guard)
    assert client.get(reverse("security:visit_list")).status_code == 200
    Session.objects.update(expire_date=timezone.now())
    assert client.get(reverse("security:visit_list")).status_code == 302


def _revoke_in_sql(role: str, perm: str) -> None:
    """Take a permission from a role as another process would: without this process's signals."""
    app_label, codename = perm.split(".")
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM auth_group_permissions WHERE group_id = %s AND permission_id = "
            "(SELECT p.id FROM auth_permission p JOIN django_content_type ct "
            "ON ct.id = p.content_type_id WHERE ct.app_label = %s AND p.codename = %s)",
            [Group.objects.get(name=role).pk, app_label, codename],
        )


def test_a_change_to_a_roles_permissions_takes_effect_on_the_next_request(personas):
    assert has_perm_at(load_user(personas.guard.pk), "security.add_visit", personas.site.pk)
    # Changed elsewhere (another server process, or SQL): the roles' fingerprint differs.
    _revoke_in_sql(roles.GUARD, "security.add_visit")
    assert not has_perm_at(load_user(personas.guard.pk), "security.add_visit", personas.site.pk)
    # Changed in this process, through the admin's forms: forgotten at once.
    group = Group.objects.get(name=roles.GUARD)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="security", codename="add_visit")
    )
    assert has_perm_at(load_user(personas.guard.pk), "security.add_visit", personas.site.pk)
    group.permissions.clear()
    assert user_sites(load_user(personas.guard.pk)) == [personas.site]  # still a member
    assert not has_perm_at(load_user(personas.guard.pk), "security.view_visit", personas.site.pk)
