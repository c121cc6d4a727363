"""Who may open which equipment-registry page and endpoint, and where: the manager edits, the
technician reads, staff without a facilities role and the other site's people are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.facilities.choices import CertificateKind
from houqin.facilities.services.equipment import certificate_add

pytestmark = pytest.mark.django_db

USERS = ["fm", "tech", "other_tech", "other_fm", "staff"]
# user:                                  fm   tech other_tech other_fm staff
PAGES = {
    "equipment_list": ("", (200, 200, 200, 200, 403)),
    "equipment_export": ("", (200, 200, 200, 200, 403)),
    "equipment_detail": ("unit", (200, 200, 404, 404, 403)),
    "equipment_add": ("", (200, 403, 403, 200, 403)),
    "equipment_edit": ("unit", (200, 403, 403, 404, 403)),
    "equipment_labels": ("", (200, 200, 200, 200, 403)),
    "equipmentcategory_list": ("", (200, 403, 403, 200, 403)),
    "equipmentcategory_add": ("", (200, 403, 403, 200, 403)),
    "equipmentcategory_detail": ("category", (200, 403, 403, 404, 403)),
    "equipmentcategory_edit": ("category", (200, 403, 403, 404, 403)),
    "contractor_list": ("", (200, 200, 200, 200, 403)),
    "contractor_detail": ("contractor", (200, 200, 404, 404, 403)),
    "contractor_edit": ("contractor", (200, 403, 403, 404, 403)),
    "certificate_list": ("", (200, 200, 200, 200, 403)),
    "certificate_add": ("", (200, 403, 403, 200, 403)),
    "certificate_detail": ("certificate", (200, 200, 404, 404, 403)),
}
API = {
    "equipment/": ("", (200, 200, 200, 200, 403)),
    "equipment/{pk}/": ("unit", (200, 200, 404, 404, 403)),
    "equipment-categories/{pk}/": ("category", (200, 200, 404, 404, 403)),
    "certificates/{pk}/": ("certificate", (200, 200, 404, 404, 403)),
}


def _cases(table):
    return [
        pytest.param(name, target, user, code, id=f"{name}-{user}")
        for name, (target, codes) in table.items()
        for user, code in zip(USERS, codes, strict=True)
    ]


@pytest.fixture
def world(personas, plant, fm, tech, other_tech):
    cert = certificate_add(
        equipment=plant.lift, by=fm, kind=CertificateKind.REGISTRATION, issued_on=date(2024, 1, 1)
    )
    users = {
        "fm": fm,
        "tech": tech,
        "other_tech": other_tech,
        "other_fm": make_user("other_fm", roles.FACILITIES_MANAGER, personas.other_site),
        "staff": personas.staff,
    }
    targets = {
        "unit": plant.lift.pk,
        "category": plant.ac.pk,
        "contractor": plant.contractor.pk,
        "certificate": cert.pk,
    }
    return users, targets


@pytest.mark.parametrize(("name", "target", "user", "code"), _cases(PAGES))
def test_pages(world, name, target, user, code):
    users, targets = world
    client = Client()
    client.force_login(users[user])
    export = name == "equipment_export"
    url = reverse(
        "facilities:equipment_list" if export else f"facilities:{name}",
        kwargs={"pk": targets[target]} if target else None,
    )
    assert client.get(url + ("?export=xlsx" if export else "")).status_code == code


@pytest.mark.parametrize("name", ["equipment_list", "equipmentcategory_list", "certificate_list"])
def test_anonymous_is_sent_to_login(world, name):
    response = Client().get(reverse(f"facilities:{name}"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(("name", "target", "user", "code"), _cases(API))
def test_api(world, api, name, target, user, code):
    users, targets = world
    api.force_authenticate(users[user])
    url = "/api/facilities/" + name.format(pk=targets.get(target))
    assert api.get(url).status_code == code


def test_api_refuses_writes_to_the_registry(world, api):
    users, targets = world
    api.force_authenticate(users["fm"])
    url = f"/api/facilities/equipment/{targets['unit']}/"
    assert api.patch(url, {"name": "x"}, format="json").status_code == 405
    assert api.post("/api/facilities/equipment/", {}, format="json").status_code == 405
