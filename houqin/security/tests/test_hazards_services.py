"""Alarm linkage, hazards and incidents through their services: who gets the verification task,
what a verification opens, the hazard workflow with its second-person rule, escalation once per
hazard, and bad input refused with nothing changed. (Builders here are shared with the view,
API and metric tests of the same subject.)"""

from __future__ import annotations

import io
from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation

from houqin.core import roles
from houqin.core.models import Attachment, Department, Event, Location, Notification
from houqin.core.testing import make_user
from houqin.security.choices import PostKind, RosterStatus
from houqin.security.models import (
    Alarm,
    Assignment,
    Camera,
    DutyPost,
    DutyShift,
    Hazard,
    Incident,
    Roster,
)
from houqin.security.services import hazards as services

pytestmark = pytest.mark.django_db


# Builders (shared) -----------------------------------------------------------------------------


def png_upload(name: str = "hazard.png") -> SimpleUploadedFile:
    """A real (tiny) PNG photo."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text_upload(name: str = "notes.png") -> SimpleUploadedFile:
    """A text file pretending to be a photo."""
    return SimpleUploadedFile(name, b"not an image at all", content_type="image/png")


def location(site) -> Location:
    return Location.objects.filter(site=site).order_by("pk").first()


def department(site) -> Department:
    return Department.objects.filter(site=site).order_by("pk").first()


def camera(site, code: str = "SXT-001") -> Camera:
    return services.camera_save(
        camera=Camera(
            site=site, code=code, name="东大门球机", location=location(site), kind="dome"
        ),
        by=None,
    )


def report(site, by, **extra) -> Hazard:
    """A hazard reported at the site's first location."""
    fields = {"description": "消防通道堆放杂物", "category": "fire", "location": location(site)}
    return services.hazard_report(site=site, by=by, **{**fields, **extra})


def assigned(site, by, **extra) -> Hazard:
    hazard = report(site, by, **extra)
    return services.hazard_assign(
        hazard=hazard,
        owner_department=department(site),
        deadline=timezone.localdate() + timedelta(days=7),
        grade="ordinary",
        by=by,
    )


def rectified(site, reporter, technician) -> Hazard:
    hazard = assigned(site, reporter)
    return services.hazard_rectify(hazard=hazard, rectification="已清理完毕", by=technician)


def overdue(hazard: Hazard, days: int = 2) -> Hazard:
    """Move a hazard's deadline into the past (as if time had passed)."""
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - timedelta(days=days))
    hazard.refresh_from_db()
    return hazard


@pytest.fixture
def tech(personas):
    return make_user("tech", roles.TECHNICIAN, personas.site)


@pytest.fixture
def supervisor(personas):
    return make_user("supervisor", roles.SUPERVISOR, personas.site)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def roster_duty(site, user, *, post_kind=PostKind.DUTY_OFFICE, status=RosterStatus.PUBLISHED):
    """Put ``user`` in a post of ``post_kind`` on a published roster covering now."""
    now = timezone.now()
    shift = DutyShift.objects.create(site=site, name="白班", start_time=time(8, 0), hours=24)
    post = DutyPost.objects.create(site=site, name="值班室", kind=post_kind)
    roster = Roster.objects.create(
        site=site, number="PB-1", month=timezone.localdate().replace(day=1), status=status
    )
    return Assignment.objects.create(
        site=site,
        roster=roster,
        date=timezone.localdate(),
        shift=shift,
        post=post,
        person=user.person,
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=6),
    )


# Cameras ---------------------------------------------------------------------------------------


def test_camera_codes_are_unique_per_site(personas):
    camera(personas.site)
    with pytest.raises(ValidationError):
        camera(personas.site)
    assert camera(personas.other_site).code == "SXT-001"


def test_camera_location_must_be_of_its_site(personas):
    with pytest.raises(ValidationError) as exc:
        services.camera_save(
            camera=Camera(
                site=personas.site,
                code="X",
                name="x",
                kind="dome",
                location=location(personas.other_site),
            ),
            by=personas.secadmin,
        )
    assert "location" in exc.value.message_dict
    assert not Camera.objects.exists()


# Alarms ----------------------------------------------------------------------------------------


def test_alarm_goes_to_the_duty_officer_on_shift(personas):
    roster_duty(personas.site, personas.duty)
    other_duty = make_user("duty2", roles.DUTY_OFFICER, personas.site)
    alarm = services.alarm_raise(
        site=personas.site,
        source="camera",
        by=personas.guard,
        description="周界报警",
        camera=camera(personas.site),
    )
    assert alarm.assigned_to == personas.duty
    assert alarm.number.startswith(f"BJ-{timezone.localdate().year}-")
    assert alarm.location == location(personas.site)  # taken from the camera
    assert Notification.objects.filter(recipient=personas.duty).count() == 1
    assert not Notification.objects.filter(recipient=other_duty).exists()


@pytest.mark.parametrize("case", ["draft", "gate_post", "nobody"])
def test_without_a_rostered_duty_officer_every_duty_officer_is_told(personas, case):
    if case == "draft":
        roster_duty(personas.site, personas.duty, status=RosterStatus.DRAFT)
    elif case == "gate_post":
        roster_duty(personas.site, personas.guard, post_kind=PostKind.GATE)
    other_duty = make_user("duty2", roles.DUTY_OFFICER, personas.site)
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="有人翻越围墙"
    )
    assert alarm.assigned_to is None
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"duty", "duty2"} and other_duty.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "  "}, "description"),
        ({"source": "camera"}, "camera"),
        ({"source": "radio"}, "source"),
        ({"raised_at_hours": 3}, "raised_at"),
        ({"other_camera": True}, "camera"),
    ],
)
def test_bad_alarm_input_is_refused_and_nothing_written(personas, overrides, field):
    kwargs = {"site": personas.site, "source": "person", "by": personas.guard, "description": "x"}
    if overrides.pop("raised_at_hours", None):
        kwargs["raised_at"] = timezone.now() + timedelta(hours=3)
    if overrides.pop("other_camera", None):
        kwargs.update(source="camera", camera=camera(personas.other_site))
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as exc:
        services.alarm_raise(**kwargs)
    assert field in exc.value.message_dict
    assert not Alarm.objects.exists() and not Notification.objects.exists()


def test_false_alarm_is_recorded_once(personas):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="异响"
    )
    alarm = services.alarm_verify(alarm=alarm, by=personas.duty, result="false_alarm", note="风吹")
    assert (alarm.status, alarm.result, alarm.verified_by) == (
        "verified",
        "false_alarm",
        personas.duty,
    )
    with pytest.raises(ValidationError, match="already been verified"):
        services.alarm_verify(
            alarm=alarm, by=personas.secadmin, result="hazard", note="", hazard_category="fire"
        )
    assert not Hazard.objects.exists()
    assert Event.objects.filter(verb="verify").count() == 1


def test_alarm_found_to_be_a_hazard_opens_one_linked_to_camera(personas):
    cam = camera(personas.site)
    alarm = services.alarm_raise(
        site=personas.site, source="camera", by=personas.guard, description="烟雾", camera=cam
    )
    services.alarm_verify(
        alarm=alarm,
        by=personas.duty,
        result="hazard",
        note="配电箱冒烟",
        hazard_category="electrical",
    )
    hazard = Hazard.objects.get()
    assert (hazard.alarm, hazard.camera, hazard.source) == (alarm, cam, "alarm")
    assert hazard.description == "配电箱冒烟" and hazard.category == "electrical"
    assert hazard.found_at == alarm.raised_at


def test_alarm_found_to_be_an_incident_registers_it(personas):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="有人闹事"
    )
    services.alarm_verify(
        alarm=alarm, by=personas.duty, result="incident", note="", incident_kind="public_order"
    )
    incident = Incident.objects.get()
    assert (incident.alarm, incident.kind, incident.description) == (
        alarm,
        "public_order",
        "有人闹事",
    )


def test_hazard_result_needs_a_category(personas):
    alarm = services.alarm_raise(
        site=personas.site, source="person", by=personas.guard, description="x"
    )
    with pytest.raises(ValidationError) as exc:
        services.alarm_verify(alarm=alarm, by=personas.duty, result="hazard", note="")
    assert "hazard_category" in exc.value.message_dict
    alarm.refresh_from_db()
    assert alarm.status == "open" and not Hazard.objects.exists()


# Hazards ---------------------------------------------------------------------------------------


def test_anyone_reports_a_hazard_with_a_photo(personas):
    hazard = report(personas.site, personas.staff, photo=png_upload(), grade="major")
    assert hazard.number.startswith(f"YH-{timezone.localdate().year}-")
    assert (hazard.status, hazard.grade, hazard.source) == ("reported", "major", "report")
    attachment = Attachment.objects.get()
    assert attachment.object_id == hazard.pk and attachment.mime_type == "image/png"
    assert Notification.objects.filter(recipient=personas.secadmin, level="danger").exists()


def test_patrol_finding_signature(personas):
    """The call the patrol side makes."""
    hazard = services.hazard_report(
        site=personas.site,
        description="井盖缺失",
        category="other",
        by=personas.guard,
        grade="ordinary",
        location=None,
        place="",
        found_at=timezone.now() - timedelta(minutes=5),
        source="patrol",
        photo=None,
        alarm=None,
        camera=None,
    )
    assert hazard.source == "patrol" and hazard.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"category": "weather"}, "category"),
        ({"grade": "huge"}, "grade"),
        ({"location": None, "place": ""}, "location"),
        ({"photo": "text"}, "photo"),
        ({"found_at": "future"}, "found_at"),
        ({"location": "other"}, "location"),
    ],
)
def test_bad_hazard_report_is_refused_and_nothing_written(personas, overrides, field):
    if overrides.get("photo") == "text":
        overrides["photo"] = text_upload()
    if overrides.get("found_at") == "future":
        overrides["found_at"] = timezone.now() + timedelta(days=1)
    if overrides.get("location") == "other":
        overrides["location"] = location(personas.other_site)
    with pytest.raises(ValidationError) as exc:
        report(personas.site, personas.staff, **overrides)
    assert field in exc.value.message_dict
    assert not Hazard.objects.exists() and not Attachment.objects.exists()
    assert not Notification.objects.exists()


def test_photo_must_be_an_image_not_a_pdf(personas):
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 tiny", content_type="application/pdf")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        report(personas.site, personas.staff, photo=pdf)


def test_assign_sets_department_deadline_and_grade(personas):
    hazard = assigned(personas.site, personas.secadmin)
    assert hazard.owner_department == department(personas.site)
    assert hazard.deadline == timezone.localdate() + timedelta(days=7)
    assert Event.objects.filter(verb="assign", object_id=hazard.pk).exists()


@pytest.mark.parametrize("case", ["past", "other_site", "closed"])
def test_bad_assignment_is_refused(personas, case, tech, supervisor):
    hazard = report(personas.site, personas.staff)
    deadline, dept = timezone.localdate() + timedelta(days=3), department(personas.site)
    if case == "past":
        deadline = timezone.localdate() - timedelta(days=1)
    if case == "other_site":
        dept = department(personas.other_site)
    if case == "closed":
        hazard = rectified(personas.site, personas.secadmin, tech)
        hazard = services.hazard_verify(hazard=hazard, by=supervisor, accepted=True, note="")
    before = Hazard.objects.values().get(pk=hazard.pk)
    with pytest.raises(ValidationError):
        services.hazard_assign(
            hazard=hazard,
            owner_department=dept,
            deadline=deadline,
            grade="major",
            by=personas.secadmin,
        )
    assert Hazard.objects.values().get(pk=hazard.pk) == before


def test_rectify_then_verify_by_a_second_person_closes(personas, tech, supervisor):
    hazard = rectified(personas.site, personas.secadmin, tech)
    assert (hazard.status, hazard.rectified_by) == ("rectified", tech)
    hazard = services.hazard_verify(hazard=hazard, by=supervisor, accepted=True, note="复查合格")
    assert (hazard.status, hazard.verified_by) == ("closed", supervisor)
    assert hazard.verified_at is not None


def test_the_rectifier_cannot_verify_own_work(personas, tech):
    hazard = rectified(personas.site, personas.secadmin, tech)
    with pytest.raises(ValidationError, match="second person"):
        services.hazard_verify(hazard=hazard, by=tech, accepted=True, note="")
    hazard.refresh_from_db()
    assert hazard.status == "rectified" and hazard.verified_by is None


def test_rejected_rectification_goes_back_with_the_reason(personas, tech, supervisor):
    hazard = rectified(personas.site, personas.secadmin, tech)
    with pytest.raises(ValidationError):
        services.hazard_verify(hazard=hazard, by=supervisor, accepted=False, note="")
    hazard = services.hazard_verify(hazard=hazard, by=supervisor, accepted=False, note="杂物未清完")
    assert hazard.status == "reported"
    assert Event.objects.get(verb="reject", object_id=hazard.pk).detail == "杂物未清完"
    services.hazard_rectify(hazard=hazard, rectification="已全部清理", by=tech)


def test_rectify_needs_text_and_a_reported_hazard(personas, tech):
    hazard = report(personas.site, personas.staff)
    with pytest.raises(ValidationError):
        services.hazard_rectify(hazard=hazard, rectification=" ", by=tech)
    with pytest.raises(ValidationError):
        services.hazard_rectify(hazard=hazard, rectification="ok", by=tech, photo=text_upload())
    hazard.refresh_from_db()
    assert hazard.status == "reported" and not Attachment.objects.exists()
    hazard = services.hazard_rectify(hazard=hazard, rectification="ok", by=tech)
    with pytest.raises(ValidationError, match="awaiting verification"):
        services.hazard_rectify(hazard=hazard, rectification="again", by=tech)


def test_overdue_hazards_escalate_to_leadership_once(personas, tech, supervisor):
    late = overdue(assigned(personas.site, personas.secadmin))
    overdue(assigned(personas.other_site, personas.secadmin))  # no leader there
    on_time = assigned(personas.site, personas.secadmin)
    closed = overdue(rectified(personas.site, personas.secadmin, tech))
    services.hazard_verify(hazard=closed, by=supervisor, accepted=True, note="")
    Notification.objects.all().delete()

    assert services.hazards_escalate(now=timezone.now()) == 2
    assert services.hazards_escalate(now=timezone.now()) == 0
    notes = Notification.objects.filter(recipient=personas.leader)
    assert [n.url for n in notes] == [late.get_absolute_url()]
    late.refresh_from_db(), on_time.refresh_from_db()
    assert late.escalated_at is not None and on_time.escalated_at is None


def test_deadline_day_itself_is_not_overdue(personas):
    hazard = assigned(personas.site, personas.secadmin)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate())
    assert services.hazards_escalate(now=timezone.now()) == 0


def test_escalate_command(personas):
    overdue(assigned(personas.site, personas.secadmin))
    out = io.StringIO()
    call_command("escalate-hazards", stdout=out)
    assert "Escalated 1" in out.getvalue()


# Incidents -------------------------------------------------------------------------------------


def test_criminal_case_is_reported_to_leadership(personas):
    incident = services.incident_register(
        site=personas.site,
        kind="criminal_case",
        occurred_at=timezone.now() - timedelta(hours=1),
        description="办公室电脑被盗",
        by=personas.duty,
        reported_to_police=True,
    )
    assert incident.number.startswith("SJ-")
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"leader", "secadmin"}


def test_follow_up_and_close(personas):
    incident = services.incident_register(
        site=personas.site,
        kind="public_order",
        occurred_at=timezone.now(),
        description="门口聚集",
        by=personas.duty,
    )
    services.incident_follow_up(incident=incident, text="已劝离", by=personas.duty)
    services.incident_close(incident=incident, by=personas.duty, note="处理完毕")
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    assert "已劝离" in incident.follow_up and "处理完毕" in incident.follow_up
    with pytest.raises(ValidationError, match="closed"):
        services.incident_follow_up(incident=incident, text="again", by=personas.duty)


def test_incident_update_saves_only_what_changed(personas):
    incident = services.incident_register(
        site=personas.site,
        kind="other",
        occurred_at=timezone.now(),
        description="a",
        by=personas.duty,
    )
    services.incident_update(
        incident=incident, by=personas.duty, changes={"losses": "无", "kind": "other"}
    )
    incident.refresh_from_db()
    assert incident.losses == "无"
    with pytest.raises(ValidationError):
        services.incident_update(incident=incident, by=personas.duty, changes={"status": "closed"})
    with pytest.raises(ValidationError):
        services.incident_update(incident=incident, by=personas.duty, changes={"description": ""})
    incident.refresh_from_db()
    assert incident.description == "a"
