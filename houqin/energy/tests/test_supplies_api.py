"""Supplies API: staff list their department's requisitions and ask for supplies; the
storekeeper issues; the wrong role and the wrong site are refused; bad input is a 400."""

import pytest

from houqin.energy.choices import RequisitionStatus
from houqin.energy.models import Requisition
from houqin.energy.tests.helpers_supplies import *  # noqa: F403  (fixtures)
from houqin.energy.tests.helpers_supplies import approved, ask

pytestmark = [pytest.mark.django_db]
URL = "/api/energy/requisitions/"


def test_staff_ask_and_see_their_own(api, personas, supplies):
    api.force_authenticate(personas.staff)
    body = {"store": supplies.store.pk, "purpose": "会议",
            "lines": [{"item": supplies.paper.pk, "quantity": "2"}]}  # fmt: skip
    created = api.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    assert created.data["status"] == "pending" and created.data["lines"][0]["quantity"] == "2.000"
    assert [r["id"] for r in api.get(URL).data["results"]] == [created.data["id"]]
    api.force_authenticate(personas.outsider)
    assert api.get(URL).data["results"] == []
    assert api.get(f"{URL}{created.data['id']}/").status_code == 404


def test_bad_input_is_400(api, personas, supplies):
    api.force_authenticate(personas.staff)
    for body in (
        {"store": supplies.store.pk, "lines": []},
        {"store": supplies.store.pk, "lines": [{"item": supplies.water.pk, "quantity": "1"}]},
        {"store": supplies.other_store.pk, "lines": [{"item": supplies.paper.pk, "quantity": 1}]},
        {"store": supplies.store.pk, "lines": [{"item": supplies.paper.pk, "quantity": "-1"}]},
        {"store": supplies.store.pk, "department": supplies.finance.pk,
         "lines": [{"item": supplies.paper.pk, "quantity": "1"}]},
    ):  # fmt: skip
        assert api.post(URL, body, format="json").status_code == 400, body
    assert not Requisition.objects.exists()
    api.force_authenticate(personas.nobody)
    assert api.get(URL).status_code == 403


def test_issue_action(api, personas, supplies, django_assert_max_num_queries):
    req = approved(personas, supplies, [(supplies.paper, 3)])
    ask(personas.staff, supplies.store, [(supplies.pens, 1)])
    line = req.lines.get()
    url = f"{URL}{req.pk}/issue/"
    api.force_authenticate(personas.staff)
    assert api.post(url, {}, format="json").status_code == 403
    api.force_authenticate(supplies.other_keeper)
    assert api.post(url, {}, format="json").status_code == 404
    api.force_authenticate(supplies.keeper)
    response = api.post(url, {"quantities": {str(line.pk): "2"}, "received_by": "王五"},
                        format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.data["status"] == RequisitionStatus.ISSUED
    assert response.data["lines"][0]["issued_quantity"] == "2.000"
    assert api.post(url, {}, format="json").status_code == 400  # issued already
    with django_assert_max_num_queries(8):
        listed = api.get(URL)
    assert len(listed.data["results"]) == 2
