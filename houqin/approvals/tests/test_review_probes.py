"""Adversarial probes of the approvals pages and API: another site's requests, people who may
not decide, bad input and decisions on requests no longer pending are refused with a clear
answer, never a 500, and change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from houqin.approvals.models import ApprovalDecision, ApprovalRequest
from houqin.approvals.services import approval_decide, approval_withdraw
from houqin.approvals.tests.helpers import login, submit
from houqin.core.services import record_void
from houqin.security.choices import RosterStatus, SwapStatus
from houqin.security.models import SwapRequest
from houqin.security.services import duty as duty_services
from houqin.security.tests.duty_fixtures import duty_setup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def _decide_url(request) -> str:
    return reverse("approvals:request_decide", kwargs={"pk": request.pk})


def _state(request):
    request.refresh_from_db()
    return request.status, request.current_step, request.decisions.count()


# Who may decide ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "nobody", "guard", "staff", "leader"])
def test_people_who_do_not_hold_the_step_cannot_decide(personas, who):
    request = submit(personas.site, personas.staff)
    user = getattr(personas, who)
    page = login(user).post(_decide_url(request), {"approve": "1"})
    assert page.status_code in (302, 403, 404)
    response = api(user).post(f"/api/approvals/requests/{request.pk}/decide/", {"approve": True})
    assert response.status_code in (400, 403, 404)
    assert _state(request) == ("pending", 1, 0)


def test_another_sites_request_is_not_found(personas):
    request = submit(personas.site, personas.staff)
    assert (
        login(personas.outsider)
        .get(reverse("approvals:request_detail", kwargs={"pk": request.pk}))
        .status_code
        == 404
    )
    assert api(personas.outsider).get(f"/api/approvals/requests/{request.pk}/").status_code == 404
    assert (
        login(personas.outsider)
        .post(reverse("approvals:request_withdraw", kwargs={"pk": request.pk}))
        .status_code
        == 404
    )


def test_the_submitter_cannot_decide_their_own_request(personas):
    request = submit(personas.site, personas.secadmin)
    page = login(personas.secadmin).post(_decide_url(request), {"approve": "1"}, follow=True)
    assert "submitted yourself" in page.content.decode()
    assert api(personas.secadmin).post(
        f"/api/approvals/requests/{request.pk}/decide/", {"approve": True}, format="json"
    ).status_code in (400, 404)
    assert _state(request) == ("pending", 1, 0)


def test_only_the_submitter_withdraws(personas):
    request = submit(personas.site, personas.staff)
    login(personas.secadmin).post(reverse("approvals:request_withdraw", kwargs={"pk": request.pk}))
    assert _state(request) == ("pending", 1, 0)


# Decisions on requests no longer pending -----------------------------------------------------


def test_a_withdrawn_request_cannot_be_decided(personas):
    request = submit(personas.site, personas.staff)
    approval_withdraw(request=request, by=personas.staff)
    page = login(personas.secadmin).post(_decide_url(request), {"approve": "1"}, follow=True)
    assert "no longer awaiting approval" in page.content.decode()
    response = api(personas.secadmin).post(
        f"/api/approvals/requests/{request.pk}/decide/", {"approve": True}, format="json"
    )
    assert response.status_code in (400, 404)
    assert _state(request) == ("withdrawn", 1, 0)


def test_deciding_twice_records_one_decision(personas):
    request = submit(personas.site, personas.staff)
    client = login(personas.secadmin)
    client.post(_decide_url(request), {"approve": "0", "comment": "no"})
    client.post(_decide_url(request), {"approve": "1"})
    assert api(personas.secadmin).post(
        f"/api/approvals/requests/{request.pk}/decide/", {"approve": True}, format="json"
    ).status_code in (400, 404)
    assert _state(request) == ("rejected", 1, 1)


def test_a_decided_request_cannot_be_withdrawn(personas):
    request = submit(personas.site, personas.staff)
    approval_decide(request=request, by=personas.secadmin, approve=False)
    login(personas.staff).post(reverse("approvals:request_withdraw", kwargs={"pk": request.pk}))
    assert _state(request) == ("rejected", 1, 1)


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [{}, {"approve": "maybe"}, {"approve": "1", "comment": "x" * 5000}],
)
def test_a_bad_decision_form_changes_nothing(personas, data):
    request = submit(personas.site, personas.staff)
    page = login(personas.secadmin).post(_decide_url(request), data, HTTP_HX_REQUEST="true")
    assert page.status_code in (200, 400)
    assert _state(request) == ("pending", 1, 0)


@pytest.mark.parametrize(
    "body",
    [
        '{"approve": "maybe"}',
        "{}",
        '["x"]',
        "{bad",
        "null",
        '{"approve": true, "comment": "' + "x" * 5000 + '"}',
        '{"approve": true, "comment": 5}',
    ],
)
def test_a_bad_decision_body_is_a_400(personas, body):
    request = submit(personas.site, personas.staff)
    response = api(personas.secadmin).post(
        f"/api/approvals/requests/{request.pk}/decide/", body, content_type="application/json"
    )
    assert response.status_code in (200, 400)
    if '"comment": 5' not in body:
        assert response.status_code == 400
        assert _state(request) == ("pending", 1, 0)


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999", "-1", "0"])
def test_unknown_request_ids_are_not_found(personas, pk):
    assert api(personas.secadmin).get(f"/api/approvals/requests/{pk}/").status_code == 404
    assert (
        api(personas.secadmin)
        .post(f"/api/approvals/requests/{pk}/decide/", {"approve": True})
        .status_code
        == 404
    )


def test_deciding_does_not_redirect_off_the_site(personas):
    request = submit(personas.site, personas.staff)
    response = login(personas.secadmin).post(
        _decide_url(request), {"approve": "1", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_comment_with_markup_is_shown_escaped(personas):
    request = submit(personas.site, personas.staff, title="<script>alert(1)</script>")
    approval_decide(
        request=request, by=personas.secadmin, approve=True, comment="<img src=x onerror=alert(1)>"
    )
    for user, url in (
        (personas.leader, reverse("approvals:queue")),
        (personas.staff, reverse("approvals:request_detail", kwargs={"pk": request.pk})),
        (personas.staff, reverse("approvals:mine")),
    ):
        page = login(user).get(url)
        assert page.status_code == 200
        assert b"<script>alert(1)</script>" not in page.content
        assert b"<img src=x onerror" not in page.content


@pytest.mark.parametrize("query", ["page=abc", "page=99999", "site=abc", "status=bogus"])
def test_bad_list_parameters_never_fail(personas, query):
    submit(personas.site, personas.staff)
    for user, name in ((personas.secadmin, "queue"), (personas.staff, "mine")):
        page = login(user).get(reverse(f"approvals:{name}") + "?" + query)
        assert page.status_code in (200, 400, 404)
    assert api(personas.secadmin).get(f"/api/approvals/requests/?{query}").status_code in (
        200,
        400,
        404,
    )


# Duty swaps decided through the engine -------------------------------------------------------


@pytest.fixture
def swap(personas):
    d = duty_setup(personas, status=RosterStatus.PUBLISHED)
    cell = d["cells"][0]
    duty_services.assignment_change(assignment=cell, person=d["guard"], by=personas.secadmin)
    return duty_services.swap_request_create(
        assignment=cell, replacement=d["people"][3], reason="探亲", by=personas.guard
    )


def _swap_approval(swap) -> ApprovalRequest:
    return ApprovalRequest.objects.get(object_id=swap.pk, kind="duty_swap")


def test_approving_a_withdrawn_swap_changes_nothing(personas, swap):
    approval = _swap_approval(swap)
    approval_withdraw(request=approval, by=personas.guard)
    response = api(personas.secadmin).post(
        f"/api/approvals/requests/{approval.pk}/decide/", {"approve": True}, format="json"
    )
    assert response.status_code in (400, 404)
    swap.refresh_from_db()
    swap.assignment.refresh_from_db()
    assert swap.status == SwapStatus.WITHDRAWN
    assert swap.assignment.person == personas.guard.person


def test_approving_a_voided_swap_changes_nothing(personas, swap):
    approval = _swap_approval(swap)
    record_void(record=swap, by=personas.secadmin, reason="asked by mistake")
    page = login(personas.secadmin).post(_decide_url(approval), {"approve": "1"})
    assert page.status_code in (302, 400, 404)
    swap.assignment.refresh_from_db()
    assert swap.assignment.person == personas.guard.person
    swap.refresh_from_db()
    assert swap.status != SwapStatus.APPROVED
    assert not ApprovalDecision.objects.filter(approved=True).exists()


def test_voiding_a_swap_takes_its_approval_out_of_the_queue(personas, swap):
    approval = _swap_approval(swap)
    login(personas.secadmin).post(
        reverse("security:swaprequest_void", kwargs={"pk": swap.pk}), {"reason": "mistake"}
    )
    swap.refresh_from_db()
    assert swap.voided_at is not None
    assert _state(approval)[0] == "withdrawn"
    login(personas.secadmin).post(_decide_url(approval), {"approve": "1"}, follow=True)
    assert _state(approval)[0] == "withdrawn"
    swap.assignment.refresh_from_db()
    assert swap.assignment.person == personas.guard.person


def test_a_swap_of_a_shift_that_has_begun_is_not_applied(personas, swap):
    from datetime import timedelta

    from django.utils import timezone

    from houqin.security.models import Assignment

    approval = _swap_approval(swap)
    begun = timezone.now() - timedelta(hours=1)
    Assignment.objects.filter(pk=swap.assignment_id).update(starts_at=begun)
    response = api(personas.secadmin).post(
        f"/api/approvals/requests/{approval.pk}/decide/", {"approve": True}, format="json"
    )
    assert response.status_code == 400
    assert "already begun" in str(response.json())
    swap.assignment.refresh_from_db()
    assert swap.assignment.person == personas.guard.person


def test_another_guard_cannot_withdraw_or_decide_a_swap(personas, swap):
    approval = _swap_approval(swap)
    for user in (personas.duty, personas.outsider):
        login(user).post(reverse("approvals:request_withdraw", kwargs={"pk": approval.pk}))
        api(user).post(f"/api/approvals/requests/{approval.pk}/decide/", {"approve": True})
    approval.refresh_from_db()
    assert approval.status == "pending"
    assert SwapRequest.objects.get().status == SwapStatus.PENDING


# Approval flows ------------------------------------------------------------------------------


def _flow_post(site, **extra):
    from django.contrib.auth.models import Group

    from houqin.core import roles

    data = {
        "site": site.pk,
        "kind": "test_kind",
        "name": "flow",
        "is_active": "on",
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 0,
        "form-0-role": Group.objects.get(name=roles.SECURITY_ADMIN).pk,
        "form-0-label": "",
    }
    data.update(extra)
    return data


def test_a_flow_cannot_be_made_for_another_site(personas):
    from houqin.approvals.models import ApprovalFlow

    response = login(personas.admin).post(
        reverse("approvals:approvalflow_add"), _flow_post(personas.other_site)
    )
    assert response.status_code in (200, 400, 403)
    assert not ApprovalFlow.objects.filter(site=personas.other_site).exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"form-TOTAL_FORMS": "abc"},
        {"form-TOTAL_FORMS": 100000},
        {"form-0-role": "abc"},
        {"form-0-role": "99999999999999999999"},
        {"form-0-role": ""},
        {"kind": "bogus"},
        {"name": ""},
        {"name": "x" * 1000},
        {"form-0-label": "x" * 1000},
    ],
)
def test_a_bad_flow_is_refused(personas, extra):
    from houqin.approvals.models import ApprovalFlow

    response = login(personas.admin).post(
        reverse("approvals:approvalflow_add"), _flow_post(personas.site, **extra)
    )
    assert response.status_code in (200, 400)
    assert not ApprovalFlow.objects.exists()


def test_a_flow_step_must_be_a_role(personas):
    from django.contrib.auth.models import Group

    from houqin.approvals.models import ApprovalFlow

    stray = Group.objects.create(name="not-a-role")
    response = login(personas.admin).post(
        reverse("approvals:approvalflow_add"),
        _flow_post(personas.site, **{"form-0-role": stray.pk}),
    )
    assert response.status_code in (200, 400)
    assert not ApprovalFlow.objects.exists()


@pytest.mark.parametrize("who", ["guard", "staff", "outsider"])
def test_people_without_the_role_cannot_make_flows(personas, who):
    from houqin.approvals.models import ApprovalFlow

    response = login(getattr(personas, who)).post(
        reverse("approvals:approvalflow_add"), _flow_post(personas.site)
    )
    assert response.status_code in (302, 403, 404)
    assert not ApprovalFlow.objects.exists()


def test_the_same_flow_twice_is_refused_the_second_time(personas):
    from houqin.approvals.models import ApprovalFlow

    client = login(personas.admin)
    first = client.post(reverse("approvals:approvalflow_add"), _flow_post(personas.site))
    assert first.status_code == 302
    second = client.post(reverse("approvals:approvalflow_add"), _flow_post(personas.site))
    assert second.status_code in (200, 400)
    assert ApprovalFlow.objects.count() == 1
