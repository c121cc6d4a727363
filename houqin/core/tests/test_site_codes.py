"""A site named in the query string by something that cannot be a site's code (a NUL byte, markup,
an overlong string) is no site: the page answers 404 (or its own choice), never a 500 — on
PostgreSQL a NUL byte in a query parameter is a database error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from houqin.core.inputs import is_site_code
from houqin.core.models import User

pytestmark = pytest.mark.django_db

PAGES = [
    "energy:consumption",
    "procurement:savings",
    "procurement:office",
    "outreach:loan_statistics",
    "reports:annual",
    "reports:summary",
    "reports:summary_docx",
    "reports:summary_wording",
    "reports:dashboard",
    "reports:catalogue",
]


def test_what_a_site_code_may_be():
    assert is_site_code("main") and is_site_code("pbench-01") and is_site_code("a_b")
    assert not any(is_site_code(code) for code in ["", "\x00", "main\x00", "<b>", "x" * 21])


@pytest.mark.parametrize("code", ["\x00", "main\x00", "<script>", "x" * 300])
@pytest.mark.parametrize("name", PAGES)
def test_a_code_that_cannot_be_a_site_is_no_site(client, personas, name, code):
    client.force_login(User.objects.create_superuser("root9", password="Houqin-2006-root"))
    response = client.get(reverse(name), {"site": code})
    assert response.status_code in (200, 302, 404)
