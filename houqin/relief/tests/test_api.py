"""The relief API: site-scoped, permission-checked, writes through the services."""

import pytest

from houqin.relief.models import Dispatch, Donation
from houqin.relief.tests.helpers import *  # noqa: F403  (fixtures)
from houqin.relief.tests.helpers import give

pytestmark = [pytest.mark.django_db]


def test_storekeeper_records_a_donation_and_a_dispatch_then_sign(api, relief, keeper):
    api.force_authenticate(keeper)
    response = api.post(
        "/api/relief/donations/",
        {"campaign": relief.campaign.pk, "donor_kind": "other", "donor_name": "爱心企业",
         "amount_yuan": "800.00", "lines": [{"item": relief.water.pk, "quantity": "100"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["quantity"] == "100.000"
    response = api.post(
        "/api/relief/dispatches/",
        {"campaign": relief.campaign.pk, "destination": "新华镇",
         "lines": [{"item": relief.water.pk, "quantity": "150"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and not Dispatch.objects.exists()
    response = api.post(
        "/api/relief/dispatches/",
        {"campaign": relief.campaign.pk, "destination": "新华镇",
         "lines": [{"item": relief.water.pk, "quantity": "60"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    pk = response.json()["id"]
    signed = api.post(f"/api/relief/dispatches/{pk}/sign/", {"signed_by_name": "李镇长"})
    assert signed.status_code == 200 and signed.json()["status"] == "signed"


def test_leadership_reads_staff_refused_other_site_hidden(
    api, relief, keeper, personas, other_keeper
):
    donation = give(relief, keeper, amount=10)
    api.force_authenticate(personas.leader)
    assert api.get("/api/relief/donations/").json()["count"] == 1
    assert api.get("/api/relief/campaigns/").status_code == 200
    create = {"campaign": relief.campaign.pk, "donor_kind": "other", "donor_name": "x",
              "amount_yuan": "1"}  # fmt: skip
    assert api.post("/api/relief/donations/", create, format="json").status_code == 403
    api.force_authenticate(personas.staff)
    assert api.get("/api/relief/donations/").status_code == 403
    api.force_authenticate(other_keeper)
    assert api.get(f"/api/relief/donations/{donation.pk}/").status_code == 404
    assert api.post("/api/relief/donations/", create, format="json").status_code == 400
    assert Donation.objects.count() == 1


def test_api_list_query_count(api, relief, keeper, django_assert_max_num_queries):
    for i in range(10):
        give(relief, keeper, amount=i + 1, lines=[(relief.water, 1), (relief.food, 2)])
    api.force_authenticate(keeper)
    with django_assert_max_num_queries(10):
        assert api.get("/api/relief/donations/").status_code == 200
