"""Reporting a fault by scanning a label, without an account: the form, the limits, the
tracking and rating page, and where staff are sent instead."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from houqin.core.models import Attachment, Notification
from houqin.core.services import scan_link_create, scan_link_sign
from houqin.core.testing import make_user
from houqin.facilities.models import WorkOrder
from houqin.facilities.services import workorders as services


def _scan_url(link) -> str:
    return reverse("scan_link", kwargs={"signed": scan_link_sign(link)})


@pytest.fixture
def room_link(plant):
    return scan_link_create(target=plant.room, purpose="fault")


@pytest.fixture
def unit_link(plant):
    return scan_link_create(target=plant.chiller, purpose="equipment")


def _report(client, link, **extra):
    data = {"description": "空调不制冷", "name": "王师傅", "phone": "13812345678", **extra}
    return client.post(_scan_url(link), data, REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))


def _photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return SimpleUploadedFile("fault.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_anonymous_scan_opens_the_fault_form(client, room_link, plant):
    response = client.get(_scan_url(room_link))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="fault-form"' in content
    assert plant.room.name in content


def test_public_report_reaches_the_dispatcher(client, room_link, plant, fm):
    response = _report(client, room_link)
    assert response.status_code == 302  # redirected: a reload cannot file it twice
    order = WorkOrder.objects.get()
    assert response.url.endswith("?reported=1")
    thanks = client.get(response.url).content.decode()
    assert 'data-testid="fault-thanks"' in thanks and order.number in thanks
    client.get(response.url)  # the reload
    assert WorkOrder.objects.count() == 1
    assert (order.source, order.location, order.reporter) == ("public", plant.room, None)
    assert order.reporter_phone == "13812345678"
    assert order.client_hash and "10.0.0.1" not in order.client_hash
    assert Notification.objects.filter(recipient=fm, title__contains=order.number).exists()


def test_public_report_keeps_its_photo_with_no_uploader(client, room_link, plant, fm):
    response = _report(client, room_link, photo=_photo())
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    [photo] = Attachment.objects.filter(object_id=order.pk)
    assert (photo.mime_type, photo.uploaded_by) == ("image/jpeg", None)
    client.force_login(fm)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "fault.jpg" in page


def test_public_report_refuses_a_file_that_is_not_a_photo(client, room_link, plant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("fault.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = _report(client, room_link, photo=fake)
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [("phone", "12345"), ("phone", ""), ("name", ""), ("description", "")],
)
def test_bad_input_is_refused_and_nothing_saved(client, room_link, plant, field, value):
    response = _report(client, room_link, **{field: value})
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in response.content.decode()
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize("phone", ["138 1234 5678", "0731-85123456", "073185123456"])
def test_mainland_mobile_and_landline_numbers_are_accepted(client, room_link, plant, phone):
    assert _report(client, room_link, phone=phone).status_code == 302
    assert WorkOrder.objects.count() == 1


def test_more_than_five_reports_an_hour_from_one_client_are_refused(client, room_link, plant):
    for _ in range(5):
        assert _report(client, room_link).status_code == 302
    response = _report(client, room_link)
    assert response.status_code == 400
    assert WorkOrder.objects.count() == 5
    assert _report(client, room_link, ip="10.0.0.2").status_code == 302


@pytest.mark.usefixtures("english")
def test_more_than_thirty_reports_an_hour_for_one_label_are_refused(room_link, plant):
    from django.core.exceptions import ValidationError

    for i in range(30):
        services.public_fault_report(
            link=room_link,
            description="漏水",
            name="甲",
            phone="13812345678",
            client_ip=f"10.1.{i}.1",
        )
    with pytest.raises(ValidationError, match="many reports"):
        services.public_fault_report(
            link=room_link, description="漏水", name="甲", phone="13812345678", client_ip="10.9.9.9"
        )
    assert WorkOrder.objects.count() == 30


def test_unit_label_reports_against_the_unit(client, unit_link, plant):
    assert _report(client, unit_link).status_code == 302
    order = WorkOrder.objects.get()
    assert (order.equipment, order.location) == (plant.chiller, plant.room)
    form = client.get(_scan_url(unit_link)).content.decode()
    assert plant.room.name in form  # the unit's room is named on its form


def test_technician_scanning_a_unit_label_goes_to_its_page(client, unit_link, plant, tech):
    client.force_login(tech)
    response = client.get(_scan_url(unit_link))
    assert response.status_code == 302
    assert response.url == reverse("facilities:equipment_detail", kwargs={"pk": plant.chiller.pk})


def test_staff_scanning_a_room_label_gets_the_prefilled_report_form(
    client, room_link, plant, personas
):
    client.force_login(personas.staff)
    response = client.get(_scan_url(room_link))
    assert response.status_code == 302
    assert response.url.endswith(f"?location={plant.room.pk}")
    page = client.get(response.url)
    assert page.status_code == 200
    assert f'<option value="{plant.room.pk}" selected' in page.content.decode()


def test_staff_of_another_site_gets_the_public_form(client, room_link, plant, personas):
    client.force_login(personas.outsider)
    response = client.get(_scan_url(room_link))
    assert response.status_code == 200
    assert 'data-testid="fault-form"' in response.content.decode()


def test_tracking_page_shows_status_and_takes_the_rating(client, room_link, plant, fm, tech):
    from decimal import Decimal

    order, token = services.public_fault_report(
        link=room_link, description="漏水", name="甲", phone="13812345678", client_ip="1.2.3.4"
    )
    url = reverse("facilities:fault_track", args=[token])
    assert order.number in client.get(url).content.decode()
    assert client.post(url, {"rating": "5"}).status_code == 400  # not repaired yet
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="换阀门", labour_hours=Decimal(1))
    page = client.get(url).content.decode()
    assert page.count("bi-check-circle-fill") == 4  # reported, assigned, started, repaired
    assert 'data-testid="response-time"' in page
    assert 'data-testid="brand"' in page and 'class="navbar-brand fw-bold" href' not in page
    assert 'type="radio" name="rating" value="5" class="form-check-input"' in page
    assert client.post(url, {"rating": "9"}).status_code == 400
    response = client.post(url, {"rating": "4", "comment": "及时"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.rating) == ("closed", 4)


def test_altered_tracking_token_is_not_found(client, room_link, plant):
    order, _token = services.public_fault_report(
        link=room_link, description="漏水", name="甲", phone="13812345678", client_ip="1.2.3.4"
    )
    other = services.track_token(order).replace(str(order.pk), str(order.pk + 1), 1)
    assert client.get(reverse("facilities:fault_track", args=[other])).status_code == 404
    assert client.get(reverse("facilities:fault_track", args=["x:y"])).status_code == 404


def test_revoked_label_is_refused(client, room_link, plant):
    from houqin.core.services import scan_link_revoke

    scan_link_revoke(link=room_link)
    assert _report(client, room_link).status_code == 400
    assert not WorkOrder.objects.exists()


def test_managers_print_labels_creating_missing_links(client, plant, fm, personas):
    from houqin.core.models import ScanLink

    client.force_login(fm)
    url = reverse("facilities:location_labels")
    response = client.post(url, {"locations": [plant.room.pk]})
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="qr-label"') == 1
    client.post(url, {"locations": [plant.room.pk]})
    assert ScanLink.objects.filter(purpose="fault").count() == 1
    client.force_login(personas.staff)
    assert client.get(url).status_code == 403
    other = make_user("fm2", "facilities_manager", personas.other_site)
    client.force_login(other)
    assert client.post(url, {"locations": [plant.room.pk]}).status_code == 400
