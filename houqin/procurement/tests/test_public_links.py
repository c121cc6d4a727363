"""The sign-in page offers what anyone may open without signing in: each site's procurement
portal (when open) and public donation lists."""

import pytest

from houqin.core.testing import make_site
from houqin.procurement.models import Jurisdiction, ProcurementOffice

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_links_each_open_portal(client):
    open_site, closed_site = make_site("open", "东院"), make_site("closed", "西院")
    central = Jurisdiction.objects.get(code="cn")
    ProcurementOffice.objects.create(site=open_site, name="东院采购中心", jurisdiction=central)
    ProcurementOffice.objects.create(
        site=closed_site, name="西院采购中心", jurisdiction=central, portal_enabled=False
    )
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/public/open/procurement/"' in page
    assert "/public/closed/procurement/" not in page
    assert client.get("/public/open/procurement/").status_code == 200


def test_without_public_pages_the_sign_in_page_offers_none(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open to the public" not in page
