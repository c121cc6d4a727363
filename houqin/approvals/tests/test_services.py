"""The approvals engine's rules: levels in order, who may decide, the lock, site flows and the
callbacks' transaction."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from houqin.approvals.models import ApprovalDecision, ApprovalRequest
from houqin.approvals.queries import approval_for, approvals_pending_for
from houqin.approvals.services import (
    approval_decide,
    approval_flow_save,
    approval_submit,
    approval_withdraw,
)
from houqin.approvals.tests.conftest import KIND
from houqin.approvals.tests.helpers import another, department, flow, grant, submit
from houqin.core import roles
from houqin.core.models import Notification

pytestmark = pytest.mark.django_db


def _state(request):
    request.refresh_from_db()
    return request.status, request.current_step


def test_two_level_request_is_approved_in_order(personas, calls):
    request = submit(personas.site, personas.staff)
    assert request.steps == [roles.SECURITY_ADMIN, roles.LEADERSHIP]
    assert Notification.objects.filter(recipient=personas.secadmin).count() == 1

    approval_decide(request=request, by=personas.secadmin, approve=True, comment="同意")
    assert _state(request) == ("pending", 2)
    assert calls == []
    assert Notification.objects.filter(recipient=personas.leader).count() == 1

    approval_decide(request=request, by=personas.leader, approve=True)
    assert _state(request) == ("approved", 2)
    assert request.decided_at is not None
    assert calls == [("approved", request.pk, personas.leader)]
    assert list(request.decisions.values_list("step", "approved")) == [(1, True), (2, True)]
    assert approval_for(department(personas.site)) == request


def test_the_leader_cannot_skip_the_first_level(personas, calls):
    request = submit(personas.site, personas.staff)
    with pytest.raises(ValidationError, match="may decide this step"):
        approval_decide(request=request, by=personas.leader, approve=True)
    assert _state(request) == ("pending", 1)


def test_rejection_at_level_one_calls_on_rejected_and_stops(personas, calls):
    request = submit(personas.site, personas.staff)
    approval_decide(request=request, by=personas.secadmin, approve=False, comment="预算不足")

    assert _state(request) == ("rejected", 1)
    assert calls == [("rejected", request.pk, personas.secadmin)]
    assert not approvals_pending_for(personas.leader).exists()
    with pytest.raises(ValidationError, match="no longer awaiting"):
        approval_decide(request=request, by=personas.leader, approve=True)
    assert Notification.objects.filter(recipient=personas.staff).count() == 1


def test_submitter_cannot_approve_own_request(personas, calls):
    request = submit(personas.site, personas.secadmin)
    with pytest.raises(ValidationError, match="submitted yourself"):
        approval_decide(request=request, by=personas.secadmin, approve=True)
    assert _state(request) == ("pending", 1)
    assert not approvals_pending_for(personas.secadmin).exists()
    assert not ApprovalDecision.objects.exists()


@pytest.mark.parametrize("persona", ["guard", "duty", "staff", "admin", "nobody"])
def test_person_without_the_role_is_refused(personas, persona):
    request = submit(personas.site, personas.staff)
    user = getattr(personas, persona)
    if user == personas.staff:
        user = another("staff2", roles.STAFF, personas.site)
    with pytest.raises(ValidationError):
        approval_decide(request=request, by=user, approve=True)
    assert _state(request) == ("pending", 1)
    assert not ApprovalDecision.objects.exists()


def test_holder_of_the_role_at_the_other_site_is_refused(personas):
    request = submit(personas.site, personas.staff)
    elsewhere = another("secadmin_other", roles.SECURITY_ADMIN, personas.other_site)

    with pytest.raises(ValidationError, match="may decide this step"):
        approval_decide(request=request, by=elsewhere, approve=True)
    assert _state(request) == ("pending", 1)
    assert not approvals_pending_for(elsewhere).exists()


def test_double_decision_is_refused(personas, calls):
    request = submit(personas.site, personas.staff)
    flow_once = approval_decide(request=request, by=personas.secadmin, approve=True)
    assert flow_once.current_step == 2
    with pytest.raises(ValidationError):
        approval_decide(request=request, by=personas.secadmin, approve=True)
    assert request.decisions.count() == 1


def test_second_decision_on_a_stale_copy_is_refused(personas, calls):
    """Two security administrators open the same request; the second to decide is refused."""
    request = submit(personas.site, personas.staff)
    stale = ApprovalRequest.objects.get(pk=request.pk)
    colleague = another("secadmin2", roles.SECURITY_ADMIN, personas.site)

    approval_decide(request=request, by=personas.secadmin, approve=False)
    with pytest.raises(ValidationError, match="no longer awaiting"):
        approval_decide(request=stale, by=colleague, approve=True)
    assert _state(request) == ("rejected", 1)
    assert request.decisions.count() == 1
    assert calls == [("rejected", request.pk, personas.secadmin)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_advance_the_request_once(personas, calls):
    request = submit(personas.site, personas.staff)
    deciders = [personas.secadmin, another("secadmin2", roles.SECURITY_ADMIN, personas.site)]
    outcomes, barrier = [], threading.Barrier(2)

    def decide(user):
        barrier.wait()
        try:
            approval_decide(request=request, by=user, approve=True)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(u,)) for u in deciders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert _state(request) == ("pending", 2)
    assert request.decisions.count() == 1


def test_site_flow_overrides_the_default_steps(personas, calls):
    flow(personas.site, roles.DUTY_OFFICER)
    request = submit(personas.site, personas.staff)
    assert request.steps == [roles.DUTY_OFFICER]

    with pytest.raises(ValidationError):
        approval_decide(request=request, by=personas.secadmin, approve=True)
    approval_decide(request=request, by=personas.duty, approve=True)
    assert _state(request) == ("approved", 1)
    # The other site keeps the default steps.
    other = submit(personas.other_site, personas.outsider)
    assert other.steps == [roles.SECURITY_ADMIN, roles.LEADERSHIP]


def test_inactive_site_flow_is_ignored(personas):
    flow(personas.site, roles.DUTY_OFFICER, active=False)
    assert submit(personas.site, personas.staff).steps == [
        roles.SECURITY_ADMIN,
        roles.LEADERSHIP,
    ]


def test_flow_change_after_submission_does_not_affect_the_request(personas, calls):
    site_flow = flow(personas.site, roles.SECURITY_ADMIN, roles.LEADERSHIP)
    request = submit(personas.site, personas.staff)
    approval_flow_save(
        flow=site_flow, roles=[(Group.objects.get(name=roles.DUTY_OFFICER), "")], by=personas.admin
    )

    with pytest.raises(ValidationError):
        approval_decide(request=request, by=personas.duty, approve=True)
    approval_decide(request=request, by=personas.secadmin, approve=True)
    approval_decide(request=request, by=personas.leader, approve=True)
    assert _state(request) == ("approved", 2)
    assert submit(personas.site, personas.staff, title="新申请").steps == [roles.DUTY_OFFICER]


def test_failing_on_approved_rolls_the_decision_back(personas, calls):
    request = submit(personas.site, personas.staff)
    approval_decide(request=request, by=personas.secadmin, approve=True)
    calls.fail_on_approved = True
    notes = Notification.objects.count()

    with pytest.raises(RuntimeError):
        approval_decide(request=request, by=personas.leader, approve=True)
    assert _state(request) == ("pending", 2)
    assert request.decisions.count() == 1
    assert Notification.objects.count() == notes
    assert approvals_pending_for(personas.leader).get() == request


def test_a_record_cannot_wait_twice(personas):
    submit(personas.site, personas.staff)
    with pytest.raises(ValidationError, match="already awaiting"):
        submit(personas.site, personas.staff)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "no_such_kind"}, "Unknown kind"),
        ({"title": "  "}, "title"),
        ({"by": "nobody"}, "no role"),
        ({"site": "other_site"}, "another site"),
    ],
)
def test_bad_submissions_are_refused(personas, change, message):
    kwargs = {
        "kind": KIND,
        "target": department(personas.site),
        "site": personas.site,
        "by": personas.staff,
        "title": "申请",
    }
    if "by" in change:
        kwargs["by"] = personas.nobody
    elif "site" in change:
        kwargs["site"] = personas.other_site
        grant(personas.staff, roles.STAFF, personas.other_site)
    else:
        kwargs.update(change)
    with pytest.raises(ValidationError, match=message):
        approval_submit(**kwargs)
    assert not ApprovalRequest.objects.exists()


def test_withdraw_only_by_the_submitter_and_only_while_pending(personas):
    request = submit(personas.site, personas.staff)
    with pytest.raises(ValidationError, match="Only the person"):
        approval_withdraw(request=request, by=personas.secadmin)
    approval_withdraw(request=request, by=personas.staff)
    assert _state(request) == ("withdrawn", 1)
    assert not approvals_pending_for(personas.secadmin).exists()
    with pytest.raises(ValidationError):
        approval_withdraw(request=request, by=personas.staff)


def test_long_comment_is_refused(personas):
    request = submit(personas.site, personas.staff)
    with pytest.raises(ValidationError, match="comment"):
        approval_decide(request=request, by=personas.secadmin, approve=True, comment="长" * 501)
    assert _state(request) == ("pending", 1)


def test_a_request_nobody_could_decide_is_refused_and_says_whom_to_ask(personas):
    from houqin.core.models import Membership

    Membership.objects.filter(site=personas.site, user__username="deputy").delete()
    with pytest.raises(ValidationError, match="security administrator"):
        submit(personas.site, personas.secadmin)
    assert not ApprovalRequest.objects.exists()
