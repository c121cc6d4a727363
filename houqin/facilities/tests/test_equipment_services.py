"""Services of the equipment registry: categories with reading fields, units with their scan
link, certificates, and the expiry and lift-inspection warnings (with a frozen clock)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from houqin.core.models import Attachment, Event, Notification, ScanLink
from houqin.facilities.choices import CertificateKind, System
from houqin.facilities.models import Certificate, Contractor, Equipment, EquipmentCategory
from houqin.facilities.services.equipment import (
    ReadingFieldData,
    category_save,
    certificate_add,
    certificates_warn,
    contractor_save,
    equipment_save,
    equipment_scan_link,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = date(2026, 5, 1)


def add(unit, kind, issued_on, expires_on=None, **extra):
    return certificate_add(
        equipment=unit, by=None, kind=kind, issued_on=issued_on, expires_on=expires_on, **extra
    )


def test_category_saved_with_reading_fields_matched_by_code(plant, fm):
    supply = plant.ac.reading_fields.get(code="supply_temp")
    rows = [
        ReadingFieldData(
            "supply_temp", "供水温度", "°C", Decimal("6"), Decimal("12"), True, False, 1
        ),
        ReadingFieldData("pressure", "压力", "MPa", None, None, False, False, 4),
    ]
    category_save(category=plant.ac, by=fm, fields=[], reading_fields=rows)
    fields = {f.code: f for f in plant.ac.reading_fields.all()}
    assert set(fields) == {"supply_temp", "pressure"}
    assert fields["supply_temp"].pk == supply.pk and fields["supply_temp"].minimum == 6


def test_category_refuses_bad_reading_fields_and_cycles(plant, fm):
    bad = [ReadingFieldData("t", "温度", minimum=Decimal("9"), maximum=Decimal("1"))]
    with pytest.raises(ValidationError, match="lowest normal value is above"):
        category_save(category=plant.ac, by=fm, reading_fields=bad)
    twice = [ReadingFieldData("t", "a"), ReadingFieldData("t", "b")]
    with pytest.raises(ValidationError, match="same code"):
        category_save(category=plant.ac, by=fm, reading_fields=twice)
    child = category_save(
        category=EquipmentCategory(
            site=plant.site, code="CH", name="冷水机组", parent=plant.ac, system=System.CENTRAL_AC
        ),
        by=fm,
    )
    plant.ac.parent = child
    with pytest.raises(ValidationError, match="under itself"):
        category_save(category=plant.ac, by=fm, fields=["parent"])
    assert EquipmentCategory.objects.get(pk=plant.ac.pk).parent_id is None
    assert plant.ac.reading_fields.count() == 3


def test_new_unit_gets_its_scan_link_once(plant, fm):
    unit = Equipment(site=plant.site, code="WS-01", name="生活水泵", category=plant.ac)
    equipment_save(unit=unit, by=fm)
    link = equipment_scan_link(unit)
    assert link is not None and link.purpose == "equipment"
    unit.name = "1号生活水泵"
    equipment_save(unit=unit, by=fm, fields=["name"])
    assert ScanLink.objects.filter(object_id=unit.pk, purpose="equipment").count() == 1


def test_unit_refuses_another_sites_choices_and_future_dates(plant, other_plant, fm):
    unit = Equipment(site=plant.site, code="X-1", name="x", category=other_plant.ac)
    with pytest.raises(ValidationError, match="not at the chosen site"):
        equipment_save(unit=unit, by=fm)
    unit = Equipment(
        site=plant.site,
        code="X-1",
        name="x",
        category=plant.ac,
        installed_on=timezone.localdate() + timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="in the future"):
        equipment_save(unit=unit, by=fm)
    assert not Equipment.objects.filter(code="X-1").exists()


def test_contractor_needs_a_name(personas, fm):
    with pytest.raises(ValidationError, match="contractor's name"):
        contractor_save(contractor=Contractor(site=personas.site, name="  "), by=fm)


def test_certificate_add_with_scan_and_event(plant, fm):
    scan = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    cert = certificate_add(
        equipment=plant.lift,
        by=fm,
        kind=CertificateKind.REGISTRATION,
        issued_on=date(2024, 1, 5),
        number="梯11湘A0001",
        scan=scan,
    )
    assert Attachment.objects.filter(object_id=cert.pk, mime_type="application/pdf").count() == 1
    assert Event.objects.filter(verb="certificate", object_id=plant.lift.pk).count() == 1


@pytest.mark.parametrize(
    ("issued", "expires", "message"),
    [
        (timedelta(days=3), None, "in the future"),
        (timedelta(days=-3), timedelta(days=-10), "expire before its issue"),
    ],
)
def test_certificate_refuses_bad_dates(plant, fm, issued, expires, message):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match=message):
        add(
            plant.lift,
            CertificateKind.PERIODIC,
            today + issued,
            today + expires if expires else None,
        )
    assert not Certificate.objects.exists()


def test_expiry_warned_30_days_ahead_once(plant, fm):
    cert = add(plant.chiller, CertificateKind.OTHER, date(2025, 6, 1), TODAY + timedelta(days=31))
    assert certificates_warn(today=TODAY) == 0
    assert certificates_warn(today=TODAY + timedelta(days=1)) == 1
    cert.refresh_from_db()
    assert cert.warned_at is not None
    note = Notification.objects.get(recipient=fm)
    assert "AC-01" in note.title and note.url.endswith(f"/{cert.pk}/")
    assert Event.objects.filter(verb="certificate_warned", object_id=cert.pk).count() == 1
    assert certificates_warn(today=TODAY + timedelta(days=40)) == 0
    assert Notification.objects.filter(recipient=fm).count() == 1


def test_only_the_latest_certificate_of_a_kind_is_warned(plant, fm, other_plant):
    add(plant.chiller, CertificateKind.OTHER, date(2024, 6, 1), TODAY)  # replaced
    add(plant.chiller, CertificateKind.OTHER, date(2025, 6, 1), TODAY + timedelta(days=365))
    add(plant.pump, CertificateKind.OTHER, date(2024, 6, 1), TODAY - timedelta(days=3))  # expired
    assert certificates_warn(today=TODAY) == 1
    assert Notification.objects.get(recipient=fm).title.startswith("AC-02")
    assert not Notification.objects.exclude(recipient=fm).exists()


def test_lift_inspection_due_is_warned_once_per_due_date(plant, fm):
    plant.lift.first_used_on = date(2019, 6, 10)
    plant.lift.save(update_fields=["first_used_on"])
    for kind, on in [
        (CertificateKind.PERIODIC, date(2020, 6, 10)),
        (CertificateKind.SELF_TEST, date(2021, 6, 10)),
        (CertificateKind.SELF_TEST, date(2022, 6, 10)),
    ]:
        add(plant.lift, kind, on)
    assert certificates_warn(today=date(2023, 5, 10)) == 0  # due 2023-06-10: 31 days ahead
    assert certificates_warn(today=date(2023, 5, 11)) == 1
    assert certificates_warn(today=date(2023, 5, 20)) == 0
    note = Notification.objects.get(recipient=fm)
    assert "2023-06-10" in note.title and "EL-01" in note.title


def test_command_uses_todays_date(plant, fm, monkeypatch):
    add(plant.chiller, CertificateKind.OTHER, date(2025, 6, 1), TODAY + timedelta(days=30))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    call_command("warn-certificates")
    assert Notification.objects.filter(recipient=fm).count() == 1
