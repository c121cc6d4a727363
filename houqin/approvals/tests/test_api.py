"""The approvals API: my pending decisions, a request, and deciding it."""

import pytest
from rest_framework.test import APIClient

from houqin.approvals.models import ApprovalRequest
from houqin.approvals.tests.helpers import another, submit
from houqin.core import roles
from houqin.core.models import Department

pytestmark = pytest.mark.django_db
BASE = "/api/approvals/requests/"


@pytest.fixture
def request_(personas):
    return submit(personas.site, personas.staff)


def _client(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def test_list_shows_my_pending_decisions(personas, request_, django_assert_max_num_queries):
    for n in range(5):
        target = Department.objects.create(site=personas.site, code=f"A{n}", name=f"科室{n}")
        submit(personas.site, personas.staff, target=target, title=f"申请{n}")
    client = _client(personas.secadmin)
    with django_assert_max_num_queries(4):
        response = client.get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    first = body["results"][0]
    assert first["title"] == "采购办公桌椅" and first["target_type"] == "core.department"
    assert first["steps"] == [roles.SECURITY_ADMIN, roles.LEADERSHIP]
    assert _client(personas.leader).get(BASE).json()["count"] == 0


def test_decide_approves_the_current_step(personas, request_):
    response = _client(personas.secadmin).post(
        f"{BASE}{request_.pk}/decide/", {"approve": True, "comment": "同意"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["current_step"]) == ("pending", 2)
    assert body["decisions"][0]["comment"] == "同意"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"approve": "maybe"},
        {"approve": None},
        {"approve": True, "comment": "长" * 501},
        {"approve": True, "comment": ["not", "text"]},
        "not an object",
    ],
)
def test_decide_with_bad_input_is_400_and_changes_nothing(personas, request_, body):
    response = _client(personas.secadmin).post(f"{BASE}{request_.pk}/decide/", body, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"detail", "errors"}
    request_.refresh_from_db()
    assert (request_.status, request_.current_step) == ("pending", 1)
    assert not request_.decisions.exists()


def test_refused_decision_is_400_with_the_reason(personas, request_):
    response = _client(personas.staff).get(f"{BASE}{request_.pk}/")
    assert response.status_code == 200  # the submitter sees the request …
    response = _client(personas.staff).post(
        f"{BASE}{request_.pk}/decide/", {"approve": True}, format="json"
    )
    assert response.status_code == 400  # … but cannot decide it
    assert "submitted yourself" in response.json()["detail"]
    assert ApprovalRequest.objects.get().current_step == 1


@pytest.mark.parametrize(
    ("persona", "detail", "decide"),
    [
        (None, (401, 403), (401, 403)),
        ("nobody", (404,), (404,)),
        ("guard", (404,), (404,)),
        ("outsider", (404,), (404,)),
        ("other_secadmin", (404,), (404,)),
        ("leader", (200,), (400,)),  # sees it (leadership, a later step), not its turn yet
        ("secadmin", (200,), (200,)),
    ],
)
def test_api_permissions(personas, request_, persona, detail, decide):
    user = None
    if persona == "other_secadmin":
        user = another("other_secadmin", roles.SECURITY_ADMIN, personas.other_site)
    elif persona:
        user = getattr(personas, persona)
    client = _client(user)
    assert client.get(f"{BASE}{request_.pk}/").status_code in detail
    response = client.post(f"{BASE}{request_.pk}/decide/", {"approve": True}, format="json")
    assert response.status_code in decide
    request_.refresh_from_db()
    assert request_.current_step == (2 if persona == "secadmin" else 1)


@pytest.mark.parametrize("pk", ["999999", "abc", "9" * 30])
def test_unknown_request_is_404(personas, pk):
    client = _client(personas.secadmin)
    assert client.get(f"{BASE}{pk}/").status_code == 404
    assert client.post(f"{BASE}{pk}/decide/", {"approve": True}, format="json").status_code == 404
