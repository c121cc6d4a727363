"""The evaluation API: posts, standards and evaluations read with a fixed query count, and an
evaluation recorded through the service, refused for the wrong role, the wrong site and bad
points."""

from __future__ import annotations

from datetime import date

from houqin.quality.models import Evaluation
from houqin.quality.services import evaluations as services

BASE = "/api/quality/"


def payload(setup, *points, month="2026-03-15"):
    return {
        "post": setup.post.pk,
        "month": month,
        "scores": [
            {"item": item.pk, "points": str(p), "note": ""}
            for item, p in zip(setup.items, points, strict=True)
        ],
    }


def test_lists_with_fixed_query_count(api, sup, post_setup, django_assert_max_num_queries):
    for m in range(1, 9):
        scores = {item.pk: (item.weight, "") for item in post_setup.items}
        services.evaluation_record(
            post=post_setup.post, month=date(2026, m, 1), by=sup, scores=scores
        )
    api.force_authenticate(sup)
    with django_assert_max_num_queries(8):
        response = api.get(f"{BASE}evaluations/")
    assert response.status_code == 200 and response.data["count"] == 8
    assert response.data["results"][0]["score"] == "100.0"
    with django_assert_max_num_queries(8):
        standards = api.get(f"{BASE}standards/")
    assert [len(s["items"]) for s in standards.data["results"]] == [4]
    assert api.get(f"{BASE}posts/").data["count"] == 1


def test_create_evaluation(api, sup, post_setup):
    api.force_authenticate(sup)
    response = api.post(f"{BASE}evaluations/", payload(post_setup, 36, 30, 15, 10), format="json")
    assert response.status_code == 201, response.data
    assert response.data["score"] == "91.0"
    assert response.data["month"] == "2026-03-01"
    again = api.post(f"{BASE}evaluations/", payload(post_setup, 36, 30, 15, 10), format="json")
    assert again.status_code == 400


def test_create_refuses_bad_points_role_and_site(api, personas, sup, server, other_sup, post_setup):
    api.force_authenticate(sup)
    bad = api.post(f"{BASE}evaluations/", payload(post_setup, 50, 30, 15, 10), format="json")
    assert bad.status_code == 400
    missing = payload(post_setup, 40, 30, 20, 10)
    missing["scores"].pop()
    assert api.post(f"{BASE}evaluations/", missing, format="json").status_code == 400
    api.force_authenticate(server)
    denied = api.post(f"{BASE}evaluations/", payload(post_setup, 40, 30, 20, 10), format="json")
    assert denied.status_code == 403
    api.force_authenticate(other_sup)
    other = api.post(f"{BASE}evaluations/", payload(post_setup, 40, 30, 20, 10), format="json")
    assert other.status_code == 400  # another site's post reads as unknown
    assert not Evaluation.objects.exists()


def test_other_site_and_wrong_role_see_nothing(api, personas, sup, other_sup, post_setup):
    scores = {item.pk: (item.weight, "") for item in post_setup.items}
    evaluation = services.evaluation_record(
        post=post_setup.post, month=date(2026, 3, 1), by=sup, scores=scores
    )
    api.force_authenticate(other_sup)
    assert api.get(f"{BASE}evaluations/").data["count"] == 0
    assert api.get(f"{BASE}evaluations/{evaluation.pk}/").status_code == 404
    api.force_authenticate(personas.staff)
    assert api.get(f"{BASE}evaluations/").status_code == 403
