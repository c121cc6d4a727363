"""The equipment registry's pages and API at work: the unit page, the category form with its
reading fields, adding units and certificates, filters, labels, the ledger and the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from houqin.core.models import ScanLink
from houqin.facilities.choices import CertificateKind, System
from houqin.facilities.models import Certificate, Equipment, EquipmentCategory
from houqin.facilities.queries.equipment import dashboard_cards
from houqin.facilities.services.equipment import certificate_add

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_unit_page_shows_contractor_phone_qr_and_lift_schedule(plant, fm):
    plant.lift.first_used_on = date(2019, 6, 10)
    plant.lift.save(update_fields=["first_used_on"])
    ScanLink.objects.create(
        site=plant.site, purpose="equipment", content_type_id=_ct(), object_id=plant.lift.pk
    )
    html = login(fm).get(reverse("facilities:equipment_detail", args=[plant.lift.pk])).content
    html = html.decode()
    assert 'href="tel:96333"' in html
    assert 'data-testid="unit-qr"' in html and "data:image/svg+xml" in html
    assert 'data-testid="lift-schedule"' in html and 'data-testid="next-due"' in html
    assert "1号电梯井" in html


def _ct():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Equipment).pk


def test_category_form_saves_reading_fields(plant, fm):
    data = {
        "site": plant.site.pk,
        "code": "WS",
        "name": "供水",
        "system": System.WATER_SUPPLY,
        "special_kind": "",
        "position": 0,
        "is_active": "on",
        "fields-TOTAL_FORMS": 1,
        "fields-INITIAL_FORMS": 0,
        "fields-0-code": "pressure",
        "fields-0-label": "出水压力",
        "fields-0-unit": "MPa",
        "fields-0-minimum": "0.2",
        "fields-0-maximum": "0.6",
        "fields-0-is_required": "on",
        "fields-0-position": 1,
    }
    response = login(fm).post(reverse("facilities:equipmentcategory_add"), data)
    assert response.status_code == 302
    category = EquipmentCategory.objects.get(site=plant.site, code="WS")
    assert list(category.reading_fields.values_list("code", flat=True)) == ["pressure"]
    data.update({"fields-0-minimum": "0.9", "code": "WS2"})
    response = login(fm).post(reverse("facilities:equipmentcategory_add"), data)
    assert response.status_code == 400 and b"lowest normal value is above" in response.content
    assert not EquipmentCategory.objects.filter(code="WS2").exists()


def test_tree_lists_children_under_parents_with_unit_counts(plant, fm):
    EquipmentCategory.objects.create(
        site=plant.site, code="CH", name="冷水机组", parent=plant.ac, system=System.CENTRAL_AC
    )
    html = login(fm).get(reverse("facilities:equipmentcategory_list")).content.decode()
    assert html.index("中央空调") < html.index("冷水机组")
    assert 'data-testid="unit-count">2<' in html


def test_adding_a_unit_makes_its_scan_link(plant, fm):
    data = {
        "site": plant.site.pk,
        "code": "AC-03",
        "name": "2号冷水机组",
        "category": plant.ac.pk,
        "location": plant.room.pk,
        "status": "in_service",
        "installed_on": "2020-05-01",
    }
    assert login(fm).post(reverse("facilities:equipment_add"), data).status_code == 302
    unit = Equipment.objects.get(code="AC-03")
    assert ScanLink.objects.filter(object_id=unit.pk, purpose="equipment").count() == 1
    data.update(code="AC-04", installed_on=(timezone.localdate() + timedelta(days=9)).isoformat())
    response = login(fm).post(reverse("facilities:equipment_add"), data)
    assert response.status_code == 200 and b"This date is in the future." in response.content


def test_certificate_add_refuses_expiry_before_issue(plant, fm):
    url = reverse("facilities:certificate_add") + f"?equipment={plant.lift.pk}"
    page = login(fm).get(url)
    assert f'value="{plant.lift.pk}" selected'.encode() in page.content
    data = {
        "equipment": plant.lift.pk,
        "kind": CertificateKind.PERIODIC,
        "issued_on": "2025-06-01",
        "expires_on": "2025-01-01",
    }
    response = login(fm).post(url, data)
    assert response.status_code == 400 and b"cannot expire before its issue" in response.content
    data["expires_on"] = "2026-06-01"
    assert login(fm).post(url, data).status_code == 302
    assert Certificate.objects.get().equipment == plant.lift


def test_other_sites_unit_cannot_get_a_certificate(plant, other_plant, fm):
    data = {"equipment": other_plant.lift.pk, "kind": "periodic", "issued_on": "2025-06-01"}
    response = login(fm).post(reverse("facilities:certificate_add"), data)
    assert response.status_code == 400 and not Certificate.objects.exists()


def test_list_filters_category_with_descendants_in_few_queries(
    plant, tech, django_assert_max_num_queries
):
    child = EquipmentCategory.objects.create(
        site=plant.site, code="CH", name="冷水机组", parent=plant.ac, system=System.CENTRAL_AC
    )
    Equipment.objects.create(site=plant.site, code="AC-09", name="3号机组", category=child)
    client = login(tech)
    url = reverse("facilities:equipment_list")
    with django_assert_max_num_queries(18):
        html = client.get(url, {"category": plant.ac.pk}).content.decode()
    assert "AC-09" in html and "AC-01" in html and "PD-01" not in html
    html = client.get(url, {"special": "true"}).content.decode()
    assert "EL-01" in html and "AC-01" not in html
    html = client.get(url, {"q": "配电"}).content.decode()
    assert "PD-01" in html and "EL-01" not in html
    assert client.get(url, {"category": "x'; drop"}).status_code == 200


def test_ledger_export_and_labels_follow_the_filters(plant, other_plant, tech):
    client = login(tech)
    export = client.get(reverse("facilities:equipment_list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    for unit in (plant.chiller, plant.lift):
        ScanLink.objects.create(
            site=plant.site, purpose="equipment", content_type_id=_ct(), object_id=unit.pk
        )
    html = client.get(reverse("facilities:equipment_labels"), {"system": "elevator"})
    assert html.content.decode().count('data-testid="qr-label"') == 1


def test_certificate_list_expiring_filter(plant, tech):
    today = timezone.localdate()
    certificate_add(
        equipment=plant.lift,
        by=None,
        kind="registration",
        issued_on=today,
        number="SOON-1",
        expires_on=today + timedelta(days=10),
    )
    certificate_add(
        equipment=plant.chiller,
        by=None,
        kind="other",
        issued_on=today,
        number="LATER-1",
        expires_on=today + timedelta(days=100),
    )
    html = login(tech).get(reverse("facilities:certificate_list"), {"expiring": "true"})
    assert b"SOON-1" in html.content and b"LATER-1" not in html.content


def test_dashboard_cards_count_expiring_and_due(plant, fm, personas, django_assert_max_num_queries):
    today = timezone.localdate()
    certificate_add(
        equipment=plant.lift,
        by=None,
        kind="registration",
        issued_on=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    plant.lift.first_used_on = today - timedelta(days=345)
    plant.lift.save(update_fields=["first_used_on"])
    request = RequestFactory().get("/")
    request.user, request.site = fm, personas.site
    with django_assert_max_num_queries(4):
        cards = dashboard_cards(request)
    assert [c.value for c in cards] == [1, 1]
    request.user = personas.staff
    assert dashboard_cards(request) == []


def test_api_lists_in_few_queries_and_records_a_certificate(
    plant, other_plant, fm, api, django_assert_max_num_queries
):
    api.force_authenticate(fm)
    with django_assert_max_num_queries(8):
        body = api.get("/api/facilities/equipment/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {r["code"] for r in rows} == {"AC-01", "AC-02", "PD-01", "EL-01"}
    data = {"equipment": plant.lift.pk, "kind": "periodic", "issued_on": "2025-06-01"}
    assert api.post("/api/facilities/certificates/", data, format="json").status_code == 201
    data["issued_on"] = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert api.post("/api/facilities/certificates/", data, format="json").status_code == 400
    data.update(equipment=other_plant.lift.pk, issued_on="2025-06-01")
    assert api.post("/api/facilities/certificates/", data, format="json").status_code == 400
    assert Certificate.objects.count() == 1
