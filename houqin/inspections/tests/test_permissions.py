"""Who may open which inspection page and endpoint, and where: every persona, the wrong site
(the other site's guard) and anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from houqin.core.services import scan_link_sign
from houqin.inspections.tests.helpers import checkpoints, open_round
from houqin.security.tests.helpers import login

pytestmark = pytest.mark.django_db

PERSONAS = ["guard", "duty", "secadmin", "staff", "leader", "admin", "outsider", "nobody", None]
LOGIN = "login"
DENIED = "denied"

# persona:          guard duty secadmin staff leader admin outsider nobody anonymous
PAGES = {
    "checkpoint_list": (200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "checkpoint_detail": (200, 200, 200, 403, 200, 403, 404, 403, LOGIN),
    "checkpoint_add": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "checkpoint_edit": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "checkpoint_labels": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "route_list": (403, 403, 200, 403, 200, 403, 403, 403, LOGIN),
    "route_detail": (403, 403, 200, 403, 200, 403, 403, 403, LOGIN),
    "route_add": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "route_edit": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "round_list": (200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "round_export": (200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "round_detail": (200, 200, 200, 403, 200, 403, 404, 403, LOGIN),
    "round_void": (403, 403, 200, 403, 403, 403, 403, 403, LOGIN),
    "round_live": (200, 200, 200, 403, 200, 403, 200, 403, LOGIN),
    "round_mine": (200, 200, 200, 403, 403, 403, 200, 403, LOGIN),
}
API = {
    "api_scan": (201, 201, 201, 403, 403, 403, 403, 403, DENIED),
    "api_scans": (200, 200, 200, 403, 200, 403, 200, 403, DENIED),
    "api_rounds": (200, 200, 200, 403, 200, 403, 200, 403, DENIED),
    "api_round": (200, 200, 200, 403, 200, 403, 404, 403, DENIED),
    "api_round_void": (403, 403, 204, 403, 403, 403, 403, 403, DENIED),
    "api_checkpoints": (200, 200, 200, 403, 200, 403, 200, 403, DENIED),
}


def _cases(table):
    return [
        pytest.param(endpoint, persona, expected, id=f"{endpoint}-{persona or 'anonymous'}")
        for endpoint, row in table.items()
        for persona, expected in zip(PERSONAS, row, strict=True)
    ]


def _url(endpoint, rnd, cp, route):
    urls = {
        "checkpoint_list": reverse("inspections:checkpoint_list"),
        "checkpoint_detail": reverse("inspections:checkpoint_detail", args=[cp.pk]),
        "checkpoint_add": reverse("inspections:checkpoint_add"),
        "checkpoint_edit": reverse("inspections:checkpoint_edit", args=[cp.pk]),
        "checkpoint_labels": reverse("inspections:checkpoint_labels"),
        "route_list": reverse("inspections:route_list"),
        "route_detail": reverse("inspections:route_detail", args=[route.pk]),
        "route_add": reverse("inspections:route_add"),
        "route_edit": reverse("inspections:route_edit", args=[route.pk]),
        "round_list": reverse("inspections:round_list"),
        "round_export": reverse("inspections:round_list") + "?export=xlsx",
        "round_detail": reverse("inspections:round_detail", args=[rnd.pk]),
        "round_void": reverse("inspections:round_void", args=[rnd.pk]),
        "round_live": reverse("inspections:round_live"),
        "round_mine": reverse("inspections:round_mine"),
    }
    return urls[endpoint]


@pytest.mark.parametrize(("endpoint", "persona", "expected"), _cases(PAGES))
def test_pages(personas, route, endpoint, persona, expected):
    rnd = open_round(route)
    cp = checkpoints(route)[0]
    client = login(getattr(personas, persona) if persona else None)
    response = client.get(_url(endpoint, rnd, cp, route))
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("endpoint", "persona", "expected"), _cases(API))
def test_api(personas, route, endpoint, persona, expected):
    rnd = open_round(route)
    cp = checkpoints(route)[0]
    api = APIClient()
    if persona:
        api.force_authenticate(getattr(personas, persona))
    base = "/api/inspections"
    if endpoint == "api_scan":
        response = api.post(
            f"{base}/scans/", {"token": scan_link_sign(cp.scan_link)}, format="json"
        )
    elif endpoint == "api_round_void":
        response = api.post(f"{base}/rounds/{rnd.pk}/void/", {"reason": "演练"}, format="json")
    else:
        path = {
            "api_scans": "scans/",
            "api_rounds": "rounds/",
            "api_round": f"rounds/{rnd.pk}/",
            "api_checkpoints": "checkpoints/",
        }[endpoint]
        response = api.get(f"{base}/{path}")
    if expected == DENIED:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected, response.content
