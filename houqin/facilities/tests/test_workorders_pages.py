"""Work-order pages: who may open which (wrong role 403, wrong site 404), the ledger with its
query count and Excel export, and the flow from report to rating through the pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from houqin.core.testing import make_user
from houqin.facilities.models import WorkOrder
from houqin.facilities.services import workorders as services


@pytest.fixture
def order(personas, plant):
    return services.work_order_open(
        site=personas.site, description="冷水机组异响", by=personas.staff, equipment=plant.chiller
    )


@pytest.fixture
def other_fm(personas):
    return make_user("other_fm", "facilities_manager", personas.other_site)


def _get(client, user, name, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(f"facilities:{name}", kwargs=kwargs or None))


@pytest.mark.parametrize(
    "who,expected",
    [("fm", 200), ("tech", 200), ("staff", 403), ("guard", 403), ("nobody", 403), (None, 302)],
)
def test_ledger_permissions(client, personas, fm, tech, order, who, expected):
    users = {"fm": fm, "tech": tech, "staff": personas.staff, "guard": personas.guard}
    users["nobody"] = personas.nobody
    assert _get(client, users.get(who), "workorder_list").status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [("staff", 200), ("fm", 200), ("guard", 404), ("other_fm", 404), ("nobody", 403)],
)
def test_detail_permissions(client, personas, fm, other_fm, order, who, expected):
    users = {"staff": personas.staff, "fm": fm, "guard": personas.guard, "other_fm": other_fm}
    users["nobody"] = personas.nobody
    response = _get(client, users[who], "workorder_detail", pk=order.pk)
    assert response.status_code == expected


def test_dispatch_page_permissions(client, personas, fm, tech, other_fm, order):
    assert _get(client, tech, "workorder_dispatch", pk=order.pk).status_code == 403
    assert _get(client, other_fm, "workorder_dispatch", pk=order.pk).status_code == 404
    response = _get(client, fm, "workorder_dispatch", pk=order.pk)
    assert response.status_code == 200
    assert "tech" in response.content.decode()


def test_ledger_query_count_and_overdue_highlight(
    client, personas, plant, fm, django_assert_max_num_queries
):
    for i in range(15):
        services.work_order_open(
            site=personas.site, description=f"故障{i}", by=personas.staff, location=plant.room
        )
    WorkOrder.objects.filter(description="故障0").update(
        reported_at=timezone.now() - timedelta(days=4)
    )
    client.force_login(fm)
    client.get(reverse("facilities:workorder_list"))  # warm the session and caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("facilities:workorder_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("row-overdue") == 1
    overdue = client.get(reverse("facilities:workorder_list") + "?overdue=true")
    assert overdue.content.decode().count("row-overdue") == 1
    assert "故障1<" not in overdue.content.decode()


def test_ledger_export(client, personas, fm, order):
    import io

    from openpyxl import load_workbook

    client.force_login(fm)
    response = client.get(reverse("facilities:workorder_list") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert order.number in values


def test_other_site_manager_sees_nothing_in_the_ledger(client, other_fm, order):
    client.force_login(other_fm)
    response = client.get(reverse("facilities:workorder_list"))
    assert order.number not in response.content.decode()


def test_report_page_opens_an_order(client, personas, plant, fm):
    client.force_login(personas.staff)
    assert _get(client, None, "workorder_report").status_code == 200
    response = client.post(
        reverse("facilities:workorder_report"),
        {
            "site": personas.site.pk,
            "location": plant.room.pk,
            "equipment": plant.pump.pk,
            "description": "水泵漏水",
            "priority": "urgent",
        },
    )
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    assert (order.reporter, order.equipment, order.priority) == (
        personas.staff,
        plant.pump,
        "urgent",
    )


def test_report_page_refuses_another_sites_location(client, personas, plant, other_plant):
    client.force_login(personas.staff)
    response = client.post(
        reverse("facilities:workorder_report"),
        {"site": personas.site.pk, "location": other_plant.room.pk, "description": "x"},
    )
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()


def test_outsider_cannot_report_at_the_main_site(client, personas, plant):
    client.force_login(personas.outsider)
    response = client.post(
        reverse("facilities:workorder_report"),
        {"site": personas.site.pk, "location": plant.room.pk, "description": "x"},
    )
    assert response.status_code == 400
    assert not WorkOrder.objects.exists()


def test_location_options_are_of_the_users_sites(client, personas, plant, other_plant):
    client.force_login(personas.staff)
    url = reverse("facilities:workorder_options")
    content = client.get(url).content.decode()
    assert plant.room.code in content and f'value="{other_plant.room.pk}"' not in content
    units = client.get(url, {"location": plant.room.pk}).content.decode()
    assert "AC-01" in units and "EL-01" not in units


def test_flow_through_the_pages(client, personas, fm, tech, order):
    client.force_login(fm)
    detail = reverse("facilities:workorder_detail", kwargs={"pk": order.pk})
    assert 'data-testid="dispatch"' in client.get(detail).content.decode()
    response = client.post(
        reverse("facilities:workorder_dispatch", kwargs={"pk": order.pk}),
        {"technician": tech.pk, "priority": "normal"},
    )
    assert response.status_code == 302

    client.force_login(tech)
    assigned = client.get(reverse("facilities:workorder_assigned")).content.decode()
    assert order.number in assigned and 'data-testid="start"' in assigned
    client.post(reverse("facilities:workorder_start", kwargs={"pk": order.pk}))
    complete = reverse("facilities:workorder_complete", kwargs={"pk": order.pk})
    assert client.get(complete).status_code == 200
    form = {
        "resolution": "更换轴承",
        "labour_hours": "2",
        "parts-TOTAL_FORMS": "3",
        "parts-INITIAL_FORMS": "0",
        "parts-0-name": "轴承",
        "parts-0-quantity": "2",
        "parts-0-unit": "个",
        "parts-1-name": "",
        "parts-1-quantity": "3",
    }
    assert client.post(complete, form).status_code == 400  # a quantity without a name
    form["parts-1-quantity"] = ""
    assert client.post(complete, form).status_code == 302
    order.refresh_from_db()
    assert order.status == "done" and order.parts.count() == 1

    client.force_login(personas.guard)  # not the reporter
    rate = reverse("facilities:workorder_rate", kwargs={"pk": order.pk})
    assert client.post(rate, {"rating": "5"}).status_code == 404
    client.force_login(personas.staff)
    mine = client.get(reverse("facilities:workorder_mine")).content.decode()
    assert 'data-testid="rate-form"' in mine
    assert client.post(rate, {"rating": "5", "comment": "好"}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.rating) == ("closed", 5)


def test_technician_sees_no_dispatch_or_close_buttons(client, fm, tech, order):
    services.work_order_dispatch(order=order, technician=tech, by=fm)
    services.work_order_start(order=order, by=tech)
    services.work_order_complete(order=order, by=tech, resolution="ok", labour_hours=Decimal(1))
    client.force_login(tech)
    content = client.get(reverse("facilities:workorder_detail", kwargs={"pk": order.pk}))
    content = content.content.decode()
    assert 'data-testid="dispatch"' not in content and 'data-testid="close"' not in content
    close = reverse("facilities:workorder_close", kwargs={"pk": order.pk})
    assert client.post(close).status_code == 403
    client.force_login(fm)
    assert client.post(close).status_code == 302
    order.refresh_from_db()
    assert order.status == "closed"


def test_work_order_from_a_hazard_page(client, personas, plant, fm):
    from houqin.security.services.hazards import hazard_report

    hazard = hazard_report(
        site=personas.site,
        description="应急灯不亮",
        category="fire",
        by=personas.guard,
        place="一楼走廊",
    )
    client.force_login(fm)
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert reverse("facilities:workorder_from_hazard", kwargs={"pk": hazard.pk}) in page
    response = client.post(reverse("facilities:workorder_from_hazard", kwargs={"pk": hazard.pk}))
    assert response.status_code == 302
    assert WorkOrder.objects.get().hazard == hazard
    client.force_login(make_user("ofm", "facilities_manager", personas.other_site))
    response = client.post(reverse("facilities:workorder_from_hazard", kwargs={"pk": hazard.pk}))
    assert response.status_code == 404


def test_dashboard_cards(rf, personas, fm, tech, order):
    from houqin.facilities.queries.workorders import dashboard_cards

    services.work_order_dispatch(order=order, technician=tech, by=fm)
    request = rf.get("/")
    request.user, request.site = tech, None
    values = [card.value for card in dashboard_cards(request)]
    assert values == [1, 0, 1]
    request.user = personas.staff
    assert dashboard_cards(request) == []


def test_work_order_from_a_camera_page(client, personas, plant):
    from houqin.security.models import Camera

    camera = Camera.objects.create(
        site=personas.site, code="C9", name="机房摄像机", kind="dome", location=plant.room
    )
    client.force_login(personas.secadmin)
    page = client.get(camera.get_absolute_url()).content.decode()
    assert 'data-testid="camera-workorder-form"' in page
    url = reverse("facilities:workorder_from_camera", kwargs={"pk": camera.pk})
    assert client.post(url, {"description": " "}).status_code == 302
    assert not WorkOrder.objects.exists()
    client.post(url, {"description": "画面黑屏"})
    assert WorkOrder.objects.get().camera == camera
    client.force_login(personas.staff)  # may report faults but not see cameras
    assert client.post(url, {"description": "黑屏"}).status_code == 404
