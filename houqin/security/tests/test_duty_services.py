"""The duty services: manual edits, publishing, swap requests through approval, the duty log
and its handover."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.core.models import Event, Notification
from houqin.security.choices import RosterStatus, SwapStatus
from houqin.security.models import Absence, DutyLog, SwapRequest
from houqin.security.services import duty as services
from houqin.security.tests.duty_fixtures import duty_setup, make_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def duty(personas):
    return duty_setup(personas)


def test_manual_edit_puts_a_qualified_free_person_on_the_shift(personas, duty):
    cell = duty["cells"][0]
    old = cell.person
    services.assignment_change(assignment=cell, person=duty["guard"], by=personas.secadmin)
    cell.refresh_from_db()
    assert cell.person == duty["guard"]
    event = Event.objects.get(verb="assignment_change")
    assert f"{old} → {duty['guard']}" in event.detail


def test_manual_edit_refuses_an_unqualified_person(personas, duty):
    stranger = make_people(personas.site, 1, prefix="外人")[0]
    with pytest.raises(ValidationError, match="not qualified"):
        services.assignment_change(
            assignment=duty["cells"][0], person=stranger, by=personas.secadmin
        )


def test_manual_edit_refuses_someone_on_leave(personas, duty):
    cell = duty["cells"][0]
    Absence.objects.create(
        site=personas.site,
        person=duty["guard"],
        start_date=cell.date,
        end_date=cell.date,
        reason="leave",
    )
    with pytest.raises(ValidationError, match="on leave"):
        services.assignment_change(assignment=cell, person=duty["guard"], by=personas.secadmin)
    cell.refresh_from_db()
    assert cell.person != duty["guard"]


def test_manual_edit_refuses_someone_already_on_that_shift(personas, duty):
    cell = duty["cells"][0]
    from houqin.security.tests.duty_fixtures import assign, make_post

    other_post = make_post(personas.site, [duty["guard"]], name="消防控制室")
    assign(duty["roster"], cell.date, cell.shift, other_post, duty["guard"])
    with pytest.raises(ValidationError, match="already on duty"):
        services.assignment_change(assignment=cell, person=duty["guard"], by=personas.secadmin)


def test_manual_edit_refuses_a_shift_too_close_to_another_of_the_same_person(personas, duty):
    morning, afternoon = duty["cells"][0], duty["cells"][1]  # 08:00 and 16:00 of the same day
    with pytest.raises(ValidationError, match="less than 16 hours of rest"):
        services.assignment_change(
            assignment=afternoon, person=morning.person, by=personas.secadmin
        )
    afternoon.refresh_from_db()
    assert afternoon.person != morning.person


def test_publish_refuses_a_roster_breaking_rules_and_names_them(personas, duty, monkeypatch):
    roster_services = pytest.importorskip("houqin.security.services.roster")
    monkeypatch.setattr(roster_services, "assignment_violations", lambda roster: ["规则被打破"])
    with pytest.raises(ValidationError) as exc:
        services.roster_publish(roster=duty["roster"], by=personas.secadmin)
    assert exc.value.messages == ["规则被打破"]
    duty["roster"].refresh_from_db()
    assert duty["roster"].status == RosterStatus.DRAFT


def test_publish_notifies_the_people_on_the_roster(personas, duty, monkeypatch):
    roster_services = pytest.importorskip("houqin.security.services.roster")
    monkeypatch.setattr(roster_services, "assignment_violations", lambda roster: [])
    services.assignment_change(
        assignment=duty["cells"][0], person=duty["guard"], by=personas.secadmin
    )
    services.roster_publish(roster=duty["roster"], by=personas.secadmin)
    duty["roster"].refresh_from_db()
    assert duty["roster"].status == RosterStatus.PUBLISHED
    assert Notification.objects.filter(recipient=personas.guard).exists()
    with pytest.raises(ValidationError, match="already published"):
        services.roster_publish(roster=duty["roster"], by=personas.secadmin)


def _ask_swap(personas, duty):
    cell = duty["cells"][0]
    services.assignment_change(assignment=cell, person=duty["guard"], by=personas.secadmin)
    cell.refresh_from_db()
    replacement = duty["people"][3]
    return cell, services.swap_request_create(
        assignment=cell, replacement=replacement, reason="家中有事", by=personas.guard
    )


def test_swap_request_is_approved_through_the_engine_and_applied(personas, duty):
    from houqin.approvals.queries import approval_for
    from houqin.approvals.services import approval_decide

    cell, swap = _ask_swap(personas, duty)
    request = approval_for(swap)
    assert request.status == "pending"
    approval_decide(request=request, by=personas.secadmin, approve=True)
    swap.refresh_from_db()
    cell.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert cell.person == duty["people"][3]


def test_voided_swap_leaves_the_approvers_queue(personas, duty):
    from houqin.approvals.queries import approval_for, approvals_pending_for

    cell, swap = _ask_swap(personas, duty)
    assert approvals_pending_for(personas.secadmin).count() == 1
    services.swap_request_void(swap=swap, by=personas.secadmin, reason="换错了人")
    assert approvals_pending_for(personas.secadmin).count() == 0
    assert approval_for(swap).status == "withdrawn"
    cell.refresh_from_db()
    assert cell.person == duty["guard"]


def test_rejected_swap_leaves_the_shift_alone(personas, duty):
    from houqin.approvals.queries import approval_for
    from houqin.approvals.services import approval_decide

    cell, swap = _ask_swap(personas, duty)
    approval_decide(request=approval_for(swap), by=personas.secadmin, approve=False)
    swap.refresh_from_db()
    cell.refresh_from_db()
    assert swap.status == SwapStatus.REJECTED
    assert cell.person == duty["guard"]


def test_swap_is_rechecked_at_approval_time(personas, duty):
    from houqin.approvals.queries import approval_for
    from houqin.approvals.services import approval_decide

    cell, swap = _ask_swap(personas, duty)
    Absence.objects.create(
        site=personas.site,
        person=swap.replacement,
        start_date=cell.date,
        end_date=cell.date,
        reason="sick",
    )
    with pytest.raises(ValidationError, match="on leave"):
        approval_decide(request=approval_for(swap), by=personas.secadmin, approve=True)
    cell.refresh_from_db()
    assert cell.person == duty["guard"]


def test_only_the_person_on_the_shift_or_a_manager_may_ask_a_swap(personas, duty):
    cell = duty["cells"][0]
    with pytest.raises(ValidationError, match="Only the person"):
        services.swap_request_create(
            assignment=cell, replacement=duty["guard"], reason="x", by=personas.duty
        )
    assert not SwapRequest.objects.exists()


def test_swap_replacement_must_be_qualified(personas, duty):
    stranger = make_people(personas.site, 1, prefix="外人")[0]
    with pytest.raises(ValidationError, match="not qualified"):
        services.swap_request_create(
            assignment=duty["cells"][0], replacement=stranger, reason="x", by=personas.secadmin
        )


def _open_log(personas, duty):
    return services.duty_log_open(
        site=personas.site,
        date=timezone.localdate(),
        shift=duty["shifts"][0],
        post=duty["post"],
        by=personas.guard,
    )


def test_duty_log_notes_handover_and_receipt(personas, duty):
    log = _open_log(personas, duty)
    services.duty_log_note(log=log, text="  巡逻发现东门灯坏  ", by=personas.guard)
    assert log.entries.get().text == "巡逻发现东门灯坏"
    services.duty_log_hand_over(log=log, note="灯已报修", by=personas.guard)
    with pytest.raises(ValidationError, match="incoming person"):
        services.duty_log_receive(log=log, by=personas.guard)
    log = services.duty_log_receive(log=log, by=personas.duty)
    assert log.received_by == personas.duty
    assert log.received_at is not None
    assert {"duty_log_open", "hand_over", "receive"} <= set(
        Event.objects.values_list("verb", flat=True)
    )


def test_only_the_person_on_duty_hands_over(personas, duty):
    log = _open_log(personas, duty)
    with pytest.raises(ValidationError, match="Only the person on duty"):
        services.duty_log_hand_over(log=log, note="", by=personas.duty)
    with pytest.raises(ValidationError, match="not been handed over"):
        services.duty_log_receive(log=log, by=personas.duty)


def test_a_shift_has_one_duty_log(personas, duty):
    _open_log(personas, duty)
    with pytest.raises(ValidationError, match="already open"):
        _open_log(personas, duty)
    assert DutyLog.objects.count() == 1


def test_empty_note_is_refused(personas, duty):
    log = _open_log(personas, duty)
    with pytest.raises(ValidationError):
        services.duty_log_note(log=log, text="   ", by=personas.guard)


def test_a_started_shift_cannot_be_swapped(personas, duty):
    cell = duty["cells"][0]
    cell.starts_at = timezone.now() - timedelta(hours=1)
    cell.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError, match="already begun"):
        services.swap_request_create(
            assignment=cell, replacement=duty["guard"], reason="x", by=personas.secadmin
        )
