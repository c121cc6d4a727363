"""Getting in and staying in: lock-out, idle timeout, headers, CSRF, passwords, deployment checks,
the site switcher and the language switch."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse

from houqin.core.middleware import SESSION_ACTIVITY_KEY, SESSION_SITE_KEY
from houqin.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def english_client(**kwargs) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/"})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# Lock-out ------------------------------------------------------------------------------------


def test_login_works_with_the_right_password(personas):
    client = english_client()
    response = post_login(client, "guard", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client)


def test_five_failed_logins_lock_the_account_even_for_the_right_password(personas):
    client = english_client()
    for attempt in range(1, 5):
        response = post_login(client, "guard", f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert "The user name or password is wrong" in response.content.decode()
    post_login(client, "guard", "wrong-5")

    response = post_login(client, "guard", PASSWORD)

    assert response.status_code in (403, 429)
    assert "Account locked" in response.content.decode()
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)


def test_lockout_of_one_account_leaves_the_others_alone(personas):
    client = english_client()
    for attempt in range(5):
        post_login(client, "guard", f"wrong-{attempt}")
    response = post_login(client, "duty", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_four_failures_then_the_right_password_still_signs_in(personas):
    client = english_client()
    for attempt in range(4):
        post_login(client, "guard", f"wrong-{attempt}")
    assert post_login(client, "guard", PASSWORD).status_code == 302
    assert signed_in(client)


# Idle timeout --------------------------------------------------------------------------------


def _last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session[SESSION_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_idle_session_is_signed_out_after_thirty_minutes(personas):
    client = english_client()
    client.force_login(personas.guard)
    assert client.get("/security/gate/").status_code == 200
    _last_seen(client, 31 * 60)

    response = client.get("/security/gate/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=/security/gate/" in response["Location"]
    assert not signed_in(client)
    assert client.get("/security/gate/").status_code == 302  # stays signed out


def test_session_used_within_thirty_minutes_stays_signed_in(personas):
    client = english_client()
    client.force_login(personas.guard)
    client.get("/security/gate/")
    _last_seen(client, 29 * 60)
    assert client.get("/security/gate/").status_code == 200
    assert signed_in(client)


def test_idle_api_session_is_refused(personas):
    client = english_client()
    client.force_login(personas.guard)
    client.get("/api/security/visits/")
    _last_seen(client, 31 * 60)
    assert client.get("/api/security/visits/").status_code in (401, 403)


# Headers, CSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LOGIN, "/security/gate/", "/api/security/visits/", "/nowhere/"])
def test_security_headers_on_every_response(personas, path):
    client = english_client()
    client.force_login(personas.guard)
    response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only(personas):
    client = english_client()
    response = post_login(client, "guard", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_post_without_csrf_token_is_refused(personas):
    from houqin.security.models import Visit
    from houqin.security.tests.helpers import check_in_post

    client = english_client(enforce_csrf_checks=True)
    client.force_login(personas.guard)

    assert client.post("/site/", {"site": personas.site.pk}).status_code == 403
    assert SESSION_SITE_KEY not in client.session
    response = client.post("/security/visits/check-in/", check_in_post(personas.site))
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_post_with_the_csrf_token_is_accepted(personas):
    client = english_client(enforce_csrf_checks=True)
    client.force_login(personas.guard)
    client.get("/security/visits/check-in/")
    token = client.cookies["csrftoken"].value
    response = client.post("/site/", {"site": personas.site.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_api_session_write_needs_the_csrf_token(personas):
    from rest_framework.test import APIClient

    from houqin.security.tests.helpers import api_check_in_body

    client = APIClient(enforce_csrf_checks=True)
    client.login  # noqa: B018  (APIClient.force_login needs no request either)
    client.force_login(personas.guard)
    response = client.post("/api/security/visits/", api_check_in_body(personas.site), format="json")
    assert response.status_code == 403


# Passwords and deployment --------------------------------------------------------------------


@pytest.mark.parametrize("password", ["12345678", "password", "abcdefgh", "guard2006"])
def test_weak_passwords_are_rejected(personas, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=personas.guard)


def test_a_reasonable_password_is_accepted(personas):
    validate_password("Gate-Keeper-2006!", user=personas.guard)


def test_deploy_check_refuses_the_development_secret_key(settings):
    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", "--deploy")
    assert "houqin.E001" in str(exc.value)


def test_deploy_check_refuses_missing_personal_data_keys(settings):
    settings.SECRET_KEY = "a-real-production-key-" + "x9" * 30
    settings.PII_KEYS = []
    settings.PII_HASH_KEY = ""
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", "--deploy")
    assert "houqin.E002" in str(exc.value)
    assert "houqin.E001" not in str(exc.value)


def test_deploy_check_passes_houqins_own_checks_when_configured(settings):
    from houqin.core.checks import houqin_deploy_checks

    settings.SECRET_KEY = "a-real-production-key-" + "x9" * 30
    settings.PII_KEYS = ["ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="]
    settings.PII_HASH_KEY = "a-separate-hash-key-for-id-numbers"
    assert houqin_deploy_checks(None) == []


# Site switcher and language ------------------------------------------------------------------


def test_site_switcher_refuses_a_site_without_a_role(personas):
    client = english_client()
    client.force_login(personas.guard)

    assert client.post("/site/", {"site": personas.other_site.pk}).status_code == 400
    assert client.post("/site/", {"site": "not-a-number"}).status_code == 400
    assert SESSION_SITE_KEY not in client.session

    response = client.post("/site/", {"site": personas.site.pk, "next": "/security/gate/"})
    assert response.status_code == 302 and response["Location"] == "/security/gate/"
    assert client.session[SESSION_SITE_KEY] == personas.site.pk


def test_site_switcher_does_not_redirect_to_another_host(personas):
    client = english_client()
    client.force_login(personas.guard)
    response = client.post("/site/", {"site": "", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_ui_is_chinese_by_default(personas):
    response = Client().get(LOGIN)
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body


def test_language_switch_to_english_renders_english(personas):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302

    body = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body
    assert "登录" not in body

    client.force_login(personas.guard)
    gate = client.get("/security/gate/").content.decode()
    assert "Gate" in gate and "Visitor ledger" in gate
