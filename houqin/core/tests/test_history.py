"""Every change is attributed and kept: the History tab of a record shows who changed which field
from what to what, voiding shows with its reason, and personal data never enters the history."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from houqin.core.testing import resident_id
from houqin.security.models import BlacklistEntry, Visit
from houqin.security.tests.helpers import blacklist, check_in, check_in_post

pytestmark = pytest.mark.django_db

PERSONAL = {"visitor_name", "id_number_enc", "id_hash", "phone_enc"}


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def history_tab(body: str) -> str:
    """The text of the History tab of a detail page."""
    start = body.index('id="tab-history"')
    return html.unescape(body[start:])


def entries(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("timestamp")


def test_editing_a_blacklist_entry_records_who_changed_what(personas):
    entry = blacklist(personas.site, personas.secadmin, resident_id(seq=1), reason="曾冲闯大门")
    client = browser(personas.secadmin)

    response = client.post(
        reverse("security:blacklistentry_edit", args=[entry.pk]),
        {
            "name": entry.name,
            "id_type": "resident_id",
            "id_number": "",
            "reason": "多次无理取闹",
            "valid_until": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    entry.refresh_from_db()
    assert entry.reason == "多次无理取闹"
    assert entry.id_number_masked.endswith(resident_id(seq=1)[-4:])  # kept
    change = entries(entry).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == personas.secadmin
    assert change.changes_dict["reason"] == ["曾冲闯大门", "多次无理取闹"]

    tab = history_tab(client.get(entry.get_absolute_url()).content.decode())
    assert "secadmin" in tab
    assert "reason" in tab
    assert "曾冲闯大门" in tab and "多次无理取闹" in tab
    old_at, new_at = tab.index("曾冲闯大门"), tab.index("多次无理取闹")
    assert old_at < new_at  # old value, then new value


def test_history_tab_lists_every_edit_newest_first(personas):
    entry = blacklist(personas.site, personas.secadmin, resident_id(seq=2), reason="第一")
    client = browser(personas.secadmin)
    url = reverse("security:blacklistentry_edit", args=[entry.pk])
    form = {"name": entry.name, "id_type": "resident_id", "id_number": "", "is_active": "on"}
    client.post(url, {**form, "reason": "第二"})
    client.post(url, {**form, "reason": "第三"})

    tab = history_tab(client.get(entry.get_absolute_url()).content.decode())
    items = tab.split('<li class="list-group-item">')[1:]
    changes = [item for item in items if "第二" in item or "第三" in item]
    assert len(changes) == 2
    newest, older = changes
    assert newest.index("第二") < newest.index("第三")  # 第二 → 第三
    assert older.index("第一") < older.index("第二")  # 第一 → 第二
    assert entries(entry).filter(action=LogEntry.Action.UPDATE).count() == 2


def test_changing_the_id_number_of_a_blacklist_entry_keeps_only_the_mask(personas):
    entry = blacklist(personas.site, personas.secadmin, resident_id(seq=3))
    new_number = resident_id(seq=4)
    browser(personas.secadmin).post(
        reverse("security:blacklistentry_edit", args=[entry.pk]),
        {
            "name": entry.name,
            "id_type": "resident_id",
            "id_number": new_number,
            "reason": entry.reason,
            "is_active": "on",
        },
    )
    entry.refresh_from_db()
    assert entry.id_number_masked == new_number[:6] + "********" + new_number[-4:]
    for log in entries(entry):
        assert new_number not in str(log.changes)
        assert resident_id(seq=3) not in str(log.changes)


def test_voiding_through_the_void_page_shows_in_history_and_marks_the_record(personas):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    client = browser(personas.duty)

    response = client.post(reverse("security:visit_void", args=[visit.pk]), {"reason": "重复登记"})

    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    visit.refresh_from_db()
    assert visit.voided_at is not None and visit.voided_by == personas.duty
    assert visit.void_reason == "重复登记"
    body = html.unescape(client.get(visit.get_absolute_url()).content.decode())
    assert "Voided" in body and "重复登记" in body  # the banner
    assert reverse("security:visit_void", args=[visit.pk]) not in body  # no second void
    tab = history_tab(body)
    assert "voided" in tab and "重复登记" in tab and "duty" in tab
    assert "checked in" in tab and "guard" in tab  # the check-in event is there too


def test_void_page_without_a_reason_changes_nothing(personas):
    visit = check_in(personas.site, personas.guard)
    response = browser(personas.duty).post(
        reverse("security:visit_void", args=[visit.pk]), {"reason": "  "}
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors
    assert Visit.objects.get(pk=visit.pk).voided_at is None


def test_voided_visit_cannot_be_checked_out(personas):
    visit = check_in(personas.site, personas.guard, at=timezone.now() - timedelta(hours=1))
    client = browser(personas.duty)
    client.post(reverse("security:visit_void", args=[visit.pk]), {"reason": "登记错误"})
    response = client.post(
        reverse("security:visit_check_out", args=[visit.pk]), {"checked_out_at": ""}, follow=True
    )
    assert "This registration is void." in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).status == "inside"


def test_personal_fields_never_enter_the_audit_log(personas):
    name = "欧阳修"
    number = resident_id(seq=5)
    client = browser(personas.guard)
    client.post(
        reverse("security:visit_add"),
        check_in_post(personas.site, visitor_name=name, id_number=number, phone="13812345678"),
    )
    visit = Visit.objects.get()
    api = APIClient()
    api.force_authenticate(personas.guard)
    api.patch(f"/api/security/visits/{visit.pk}/", {"companions": 2}, format="json")
    browser(personas.duty).post(reverse("security:visit_void", args=[visit.pk]), {"reason": "测试"})
    entry = blacklist(personas.site, personas.secadmin, number, name=name)

    visit.refresh_from_db()
    logs = [*entries(visit), *entries(entry)]
    assert len(logs) >= 3
    for log in logs:
        changes = log.changes_dict or {}
        assert not PERSONAL & set(changes), (log.action, sorted(changes))
        assert "name" not in changes
        text = str(changes)
        for secret in (name, number, "13812345678", visit.id_hash, visit.id_number_enc):
            assert secret not in text


def test_api_changes_are_attributed_to_the_api_caller(personas):
    visit = check_in(personas.site, personas.guard)
    token = Token.objects.create(user=personas.duty)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert (
        api.patch(f"/api/security/visits/{visit.pk}/", {"companions": 4}, format="json").status_code
        == 200
    )

    change = entries(visit).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == personas.duty
    assert change.changes_dict["companions"] == ["0", "4"]


def test_blacklist_entry_created_through_the_page_has_a_history(personas):
    client = browser(personas.secadmin)
    response = client.post(
        reverse("security:blacklistentry_add"),
        {
            "site": personas.site.pk,
            "name": "李四",
            "id_type": "resident_id",
            "id_number": resident_id(seq=6),
            "reason": "冲闯大门",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    entry = BlacklistEntry.objects.get()
    assert entry.number.startswith("HMD-")
    created = entries(entry).get()
    assert created.action == LogEntry.Action.CREATE and created.actor == personas.secadmin


# Models whose rows are not business records of their own, or whose history would say too much.
NOT_AUDITED = {
    "core.User": "accounts: django-axes and the membership history",
    "core.Sequence": "record-number counters",
    "core.Attachment": "attached files: added and removed as events of their record",
    "core.Event": "the domain events themselves",
    "core.Notification": "messages to users",
    "core.ScanLink": "printed QR tokens: revoking is an event",
    "inspections.RouteStop": "part of a route (audited)",
    "inspections.RouteSchedule": "part of a route (audited)",
    "inspections.CheckItem": "part of a route (audited)",
    "inspections.Scan": "append-only scans at checkpoints",
    "inspections.ItemResult": "append-only results of a scan",
    "inspections.Finding": "opens an audited hazard or work order",
    "security.DutyLogEntry": "append-only lines of an audited duty log",
    "facilities.MeterReading": "append-only readings of equipment meters",
    "facilities.TaskCheck": "append-only results of an audited maintenance task",
    "meetings.WaitlistEntry": "a place in a queue",
    "quality.SurveyInvitation": "anonymous survey: its history would tie answers to people",
    "quality.SurveyAnswer": "anonymous survey answers",
    "outreach.StockTakeScan": "append-only scans of an audited library stock-take",
    "outreach.VolunteerHours": "append-only hours of an audited volunteer",
    "stock.StockSlot": "on-hand figures kept by the movements (audited)",
    "procurement.Bid": "sealed bids: the history would name bidders before the opening",
}


def test_every_business_model_keeps_its_history():
    from auditlog.registry import auditlog
    from django.apps import apps

    houqin_models = [
        m for m in apps.get_models() if m.__module__.startswith("houqin") and m._meta.managed
    ]
    missing = [
        m._meta.label
        for m in houqin_models
        if not auditlog.contains(m) and m._meta.label not in NOT_AUDITED
    ]
    assert missing == []


def test_an_honours_title_edited_shows_in_its_history(personas):
    from houqin.core.testing import make_user
    from houqin.team.models import Honour

    office = make_user("office9", "office_clerk", personas.site)
    honour = Honour.objects.create(
        site=personas.site,
        number="RY-2006-00001",
        title="市爱国卫生先进单位",
        level="municipal",
        awarding_body="市爱卫会",
        awarded_on="2006-12-01",
    )
    honour.title = "全市后勤系统先进单位"
    honour.save()
    change = entries(honour).last()
    assert change.changes_dict["title"] == ["市爱国卫生先进单位", "全市后勤系统先进单位"]
    body = browser(office).get(honour.get_absolute_url()).content.decode()
    assert "全市后勤系统先进单位" in history_tab(body)
