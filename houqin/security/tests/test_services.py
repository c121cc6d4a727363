"""Visitor registration services: check-in/out, the blacklist, invitations, revealing and purging
personal data."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from houqin.core import roles
from houqin.core.generic import history_of
from houqin.core.models import Event, Notification, ScanLink
from houqin.core.services import scan_link_resolve, scan_link_sign
from houqin.core.testing import make_user, resident_id
from houqin.reports.queries import annual_report
from houqin.security import services
from houqin.security.models import Invitation, Visit
from houqin.security.tests.helpers import blacklist, check_in, invite, shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English whatever the catalogue holds."""
    with translation.override("en"):
        yield


def events(target, verb):
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, verb=verb
    )


# Check-in and numbering -------------------------------------------------------------------------


def test_check_in_creates_an_inside_visit_with_a_yearly_number_per_site(personas):
    first = check_in(personas.site, personas.guard, at=shanghai(2006, 3, 1, 9, 0), seq=1)
    second = check_in(personas.site, personas.guard, at=shanghai(2006, 3, 1, 9, 5), seq=2)
    other = check_in(personas.other_site, personas.outsider, at=shanghai(2006, 3, 1, 9, 6), seq=3)
    next_year = check_in(personas.site, personas.guard, at=shanghai(2007, 1, 2, 9, 0), seq=4)

    assert first.status == "inside"
    assert first.checked_in_by == personas.guard
    assert first.checked_out_at is None
    assert (first.number, second.number) == ("FK-2006-00001", "FK-2006-00002")
    assert other.number == "FK-2006-00001"  # each site counts on its own
    assert next_year.number == "FK-2007-00001"  # and starts again every year
    with translation.override("en"):
        created = history_of(first)[-1]  # the oldest entry: the check-in itself
    assert (created["what"], created["actor"]) == ("checked in", personas.guard)


def test_check_in_on_new_years_eve_shanghai_time_is_numbered_in_that_year(personas):
    # 2006-12-31 23:30 in Shanghai is 15:30 UTC the same day, but 2007 would be wrong either way
    late = check_in(personas.site, personas.guard, at=shanghai(2006, 12, 31, 23, 30))
    early = check_in(personas.site, personas.guard, at=shanghai(2007, 1, 1, 0, 30), seq=9)
    assert late.number.startswith("FK-2006-")
    assert early.number.startswith("FK-2007-")  # 16:30 UTC on 31 December


def test_id_number_is_stored_encrypted_and_shown_masked(personas):
    number = resident_id(born="19800101", region="431002", seq=123)
    visit = check_in(personas.site, personas.guard, id_number=number, phone="13812345678")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_enc, id_hash, phone_enc FROM security_visit WHERE id = %s",
            [visit.pk],
        )
        enc, id_hash, phone_enc = cursor.fetchone()
    assert enc and number not in enc and number[-8:] not in enc
    assert number not in id_hash
    assert phone_enc and "13812345678" not in phone_enc

    visit.refresh_from_db()
    assert visit.id_number_masked == number[:6] + "********" + number[-4:]
    assert visit.phone_masked == "138****5678"


def test_host_department_of_another_site_is_refused(personas):
    from houqin.security.tests.helpers import department

    with pytest.raises(ValidationError) as exc:
        check_in(personas.site, personas.guard, host_department=department(personas.other_site))
    assert "host_department" in exc.value.message_dict
    assert not Visit.objects.exists()


# Blacklist -------------------------------------------------------------------------------------


def test_blacklisted_visitor_is_refused_and_duty_officer_alerted(
    personas, django_capture_on_commit_callbacks
):
    number = resident_id(seq=666)
    blacklist(personas.site, personas.secadmin, number, reason="曾冲闯大门")
    other_duty = make_user("other_duty", roles.DUTY_OFFICER, personas.other_site)
    other_admin = make_user("other_admin", roles.SECURITY_ADMIN, personas.other_site)

    with django_capture_on_commit_callbacks(execute=True):
        visit = check_in(personas.site, personas.guard, id_number=number, name="李四")

    assert visit.status == "refused"
    assert visit.blacklist_entry is not None
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"duty", "secadmin"}
    assert other_duty.username not in recipients and other_admin.username not in recipients
    note = Notification.objects.filter(recipient=personas.duty).get()
    assert note.site == personas.site
    assert note.level == "danger"
    assert visit.number in note.body and "曾冲闯大门" in note.body
    assert note.url == visit.get_absolute_url()
    blocked = events(visit, "blocked").get()
    assert blocked.actor == personas.guard
    assert not events(visit, "check_in").exists()


def test_blacklist_of_one_site_does_not_refuse_at_another(personas):
    number = resident_id(seq=667)
    blacklist(personas.site, personas.secadmin, number)
    visit = check_in(personas.other_site, personas.outsider, id_number=number)
    assert visit.status == "inside"


def test_expired_or_inactive_blacklist_entry_no_longer_refuses(personas):
    expired = blacklist(personas.site, personas.secadmin, resident_id(seq=668))
    expired.valid_until = timezone.localdate() - timedelta(days=1)
    expired.save(update_fields=["valid_until"])
    inactive = blacklist(personas.site, personas.secadmin, resident_id(seq=669))
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    assert check_in(personas.site, personas.guard, seq=668).status == "inside"
    assert check_in(personas.site, personas.guard, seq=669).status == "inside"


# Check-out -------------------------------------------------------------------------------------


def test_check_out_marks_the_visitor_as_left(personas):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=2))
    services.visit_check_out(visit=visit, by=personas.duty)
    visit.refresh_from_db()
    assert visit.status == "left"
    assert visit.checked_out_by == personas.duty
    assert visit.checked_out_at >= visit.checked_in_at
    change = LogEntry.objects.get_for_object(visit).get(action=LogEntry.Action.UPDATE)
    assert change.changes_dict["status"] == ["inside", "left"]
    assert "checked_out_by" in change.changes_dict  # the history says who let them out


def test_check_out_before_check_in_is_refused_and_changes_nothing(personas):
    at = shanghai(2006, 5, 1, 10, 0)
    visit = check_in(personas.site, personas.guard, at=at)

    with pytest.raises(ValidationError) as exc:
        services.visit_check_out(visit=visit, by=personas.guard, at=at - timedelta(minutes=5))

    assert exc.value.message_dict["checked_out_at"] == [
        "Check-out cannot be before check-in (2006-05-01 10:00)."
    ]
    visit.refresh_from_db()
    assert (visit.status, visit.checked_out_at, visit.checked_out_by) == ("inside", None, None)
    assert not events(visit, "check_out").exists()


def test_second_check_out_is_refused(personas):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    services.visit_check_out(visit=visit, by=personas.guard)
    left_at = Visit.objects.get(pk=visit.pk).checked_out_at

    with pytest.raises(ValidationError, match="not inside"):
        services.visit_check_out(visit=visit, by=personas.duty)

    visit.refresh_from_db()
    assert visit.checked_out_at == left_at and visit.checked_out_by == personas.guard
    assert LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.UPDATE).count() == 1


def test_refused_visitor_cannot_be_checked_out(personas):
    number = resident_id(seq=670)
    blacklist(personas.site, personas.secadmin, number)
    visit = check_in(personas.site, personas.guard, id_number=number)
    with pytest.raises(ValidationError):
        services.visit_check_out(visit=visit, by=personas.guard)
    assert Visit.objects.get(pk=visit.pk).status == "refused"


# Invitations -----------------------------------------------------------------------------------


def test_invitation_carries_a_signed_single_use_expiring_scan_link(personas):
    expected = timezone.now() + timedelta(hours=2)
    invitation = invite(personas.site, personas.staff, expected_at=expected, name="钱七")

    assert invitation.number.startswith(f"YQ-{timezone.localdate().year}-")
    link = invitation.scan_link
    assert link.purpose == "invitation" and link.max_uses == 1 and link.use_count == 0
    assert link.expires_at == invitation.valid_until == expected + timedelta(days=1)
    signed = scan_link_sign(link)
    assert link.token in signed and signed != link.token
    assert scan_link_resolve(signed, purpose="invitation") == link
    assert "钱七" not in signed


def test_invitation_too_far_ahead_or_already_expired_is_refused(personas):
    with pytest.raises(ValidationError) as exc:
        invite(personas.site, personas.staff, expected_at=timezone.now() + timedelta(days=30))
    assert "expected_at" in exc.value.message_dict
    with pytest.raises(ValidationError):
        invite(
            personas.site,
            personas.staff,
            expected_at=timezone.now() - timedelta(days=3),
            valid_until=timezone.now() - timedelta(days=2),
        )
    assert not Invitation.objects.exists()


def test_admitting_an_invitation_checks_the_visitor_in_and_only_once(personas):
    number = resident_id(seq=700)
    invitation = invite(personas.site, personas.staff, id_number=number, name="孙八")

    visit = services.invitation_admit(invitation=invitation, by=personas.guard)

    assert visit.status == "inside"
    assert visit.invitation == invitation
    assert visit.visitor_name == "孙八"
    assert visit.id_number_masked == number[:6] + "********" + number[-4:]
    assert visit.host_person == invitation.host_person
    assert events(invitation, "admit").get().detail == visit.number

    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_admit(invitation=invitation, by=personas.guard)
    assert Visit.objects.count() == 1
    assert ScanLink.objects.get(pk=invitation.scan_link_id).use_count == 1


def test_expired_invitation_is_refused(personas):
    invitation = invite(personas.site, personas.staff)
    past = timezone.now() - timedelta(hours=1)
    Invitation.objects.filter(pk=invitation.pk).update(
        expected_at=past - timedelta(days=1), valid_until=past
    )
    ScanLink.objects.filter(pk=invitation.scan_link_id).update(expires_at=past)
    invitation.refresh_from_db()

    with pytest.raises(ValidationError, match="expired"):
        services.invitation_admit(invitation=invitation, by=personas.guard)
    assert not Visit.objects.exists()


def test_voided_invitation_is_refused(personas):
    from houqin.core.services import record_void

    invitation = invite(personas.site, personas.staff)
    record_void(record=invitation, by=personas.secadmin, reason="来访取消")
    with pytest.raises(ValidationError, match="cancelled"):
        services.invitation_admit(invitation=invitation, by=personas.guard)
    assert not Visit.objects.exists()


# Revealing and purging personal data -----------------------------------------------------------


def test_reveal_returns_the_plain_number_and_records_who_revealed_it(personas):
    number = resident_id(seq=801)
    visit = check_in(personas.site, personas.guard, id_number=number, phone="13800001111")

    assert services.visit_reveal(visit=visit, by=personas.secadmin, field="id_number") == number
    assert services.visit_reveal(visit=visit, by=personas.secadmin, field="phone") == "13800001111"

    reveals = events(visit, "reveal")
    assert reveals.count() == 2
    assert set(reveals.values_list("actor__username", flat=True)) == {"secadmin"}
    with pytest.raises(ValidationError):
        services.visit_reveal(visit=visit, by=personas.secadmin, field="visitor_name")


def _visits_for_purge(personas):
    now = timezone.now()
    old = [
        check_in(
            personas.site,
            personas.guard,
            at=now - timedelta(days=40 + i),
            name=f"旧访客{i}",
            seq=10 + i,
            phone="13800000000",
            companions=i,
            vehicle_plate="湘L1234" if i == 0 else "",
        )
        for i in range(3)
    ]
    blocked_number = resident_id(seq=99)
    blacklist(personas.site, personas.secadmin, blocked_number)
    old.append(
        check_in(
            personas.site, personas.guard, at=now - timedelta(days=45), id_number=blocked_number
        )
    )
    new = check_in(personas.site, personas.guard, at=now - timedelta(days=5), name="新访客", seq=50)
    return old, new


def test_purge_erases_personal_data_of_old_visits_and_keeps_newer_ones(personas):
    old, new = _visits_for_purge(personas)

    purged = services.visits_purge_pii(older_than_days=30)

    assert purged == len(old)
    for visit in Visit.objects.filter(pk__in=[v.pk for v in old]):
        assert visit.visitor_name == ""
        assert visit.id_number_enc == "" and visit.id_hash == "" and visit.phone_enc == ""
        assert visit.pii_purged_at is not None
        assert visit.id_number_masked == "(erased)"
        with pytest.raises(ValidationError):
            services.visit_reveal(visit=visit, by=personas.secadmin, field="id_number")
    kept = Visit.objects.get(pk=new.pk)
    assert kept.visitor_name == "新访客" and kept.pii_purged_at is None
    assert services.visit_reveal(visit=kept, by=personas.secadmin, field="id_number") == (
        resident_id(seq=50)
    )
    assert Visit.objects.count() == len(old) + 1  # rows stay
    assert Event.objects.filter(verb="purge", site=personas.site).exists()


def test_purge_leaves_the_annual_report_figures_unchanged(personas):
    _visits_for_purge(personas)
    year = timezone.localdate().year
    reports = {
        y: annual_report(year=y, site_ids=[personas.site.pk], site=personas.site)
        for y in (year - 1, year)
    }

    services.visits_purge_pii(older_than_days=30)

    for y, before in reports.items():
        assert annual_report(year=y, site_ids=[personas.site.pk], site=personas.site) == before
    total = sum(r["metrics"]["security.visitor_registrations"]["value"] for r in reports.values())
    blocked = sum(r["metrics"]["security.visitors_blocked"]["value"] for r in reports.values())
    assert (total, blocked) == (4, 1)


def test_purge_does_not_touch_invitations_still_valid(personas):
    invitation = invite(personas.site, personas.staff, name="周九")
    services.visits_purge_pii(older_than_days=1)
    invitation.refresh_from_db()
    assert invitation.visitor_name == "周九" and invitation.pii_purged_at is None


def test_purge_refuses_a_retention_period_under_one_day(personas):
    check_in(personas.site, personas.guard, at=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError):
        services.visits_purge_pii(older_than_days=0)
    assert not Visit.objects.filter(pii_purged_at__isnull=False).exists()


def _old_visits_named_ouyang(personas, capture):
    number = resident_id(seq=990)
    blacklist(personas.site, personas.secadmin, number)
    with capture(execute=True):
        refused = check_in(
            personas.site,
            personas.guard,
            at=timezone.now() - timedelta(days=60),
            id_number=number,
            name="欧阳被拒",
        )
    admitted = check_in(
        personas.site, personas.guard, at=timezone.now() - timedelta(days=60), name="欧阳来访"
    )
    services.visit_check_out(
        visit=admitted, by=personas.guard, at=timezone.now() - timedelta(days=60, hours=-2)
    )
    return refused, admitted


def test_purged_visitor_name_is_not_kept_in_the_audit_log(
    personas, django_capture_on_commit_callbacks
):
    # Retention: once erased, the name must not survive in the history of the record.
    refused, admitted = _old_visits_named_ouyang(personas, django_capture_on_commit_callbacks)

    services.visits_purge_pii(older_than_days=30)

    visit_ct = ContentType.objects.get_for_model(Visit)
    history = LogEntry.objects.filter(
        content_type=visit_ct, object_id__in=[refused.pk, admitted.pk]
    )
    assert history.exists()
    for entry in history:
        assert "欧阳" not in str(entry.changes)
        assert "欧阳" not in (entry.object_repr or ""), "visitor name kept in the audit log"


def test_purged_visitor_name_is_not_kept_in_blacklist_alerts(
    personas, django_capture_on_commit_callbacks
):
    _old_visits_named_ouyang(personas, django_capture_on_commit_callbacks)
    assert Notification.objects.exists()

    services.visits_purge_pii(older_than_days=30)

    for note in Notification.objects.all():
        assert "欧阳" not in note.title + note.body, "visitor name kept in a notification"


def test_purge_command_erases_old_personal_data(personas):
    old = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(days=31), seq=1)
    new = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(days=29), seq=2)
    out = io.StringIO()

    call_command("purge-visitor-pii", "--older-than", "30", stdout=out)

    assert Visit.objects.get(pk=old.pk).pii_purged_at is not None
    assert Visit.objects.get(pk=new.pk).pii_purged_at is None
    assert "1" in out.getvalue()


def test_purge_command_rejects_zero_days(personas):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge-visitor-pii", "--older-than", "0", stdout=io.StringIO())
