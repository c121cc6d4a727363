"""Maintenance pages: who may see, add, edit, complete and void, at which site; the plan form
with its checklist and preview; the ledger, its filters and export; cards and metrics."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from houqin.facilities.choices import TaskStatus
from houqin.facilities.metrics.maintenance import maintenance_metrics
from houqin.facilities.models import MaintenancePlan, MaintenanceTask
from houqin.facilities.queries.maintenance import dashboard_cards
from houqin.facilities.services import maintenance as svc
from houqin.facilities.tests.test_maintenance_services import make_plan

pytestmark = pytest.mark.django_db


def login(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def task(plant):
    plan = make_plan(plant.chiller, start_on=date(2026, 3, 10), end_on=date(2026, 3, 31))
    svc.tasks_generate(today=date(2026, 3, 1))
    return plan.tasks.get()


@pytest.fixture
def other_task(other_plant):
    plan = make_plan(other_plant.chiller, start_on=date(2026, 3, 10), end_on=date(2026, 3, 31))
    svc.tasks_generate(today=date(2026, 3, 1))
    return plan.tasks.get()


def _plan_post(plant, **over):
    data = {
        "site": plant.site.pk,
        "equipment": plant.lift.pk,
        "name": "电梯半月保养",
        "standard": "tsg_t5002_half_month",
        "recurrence": "fixed",
        "interval": "1",
        "interval_unit": "month",
        "start_on": "2026-09-01",
        "holiday_rule": "keep",
        "lead_days": "3",
        "escalate_days": "3",
        "is_active": "on",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "机房、滑轮间环境",
        "items-1-text": "手动紧急操作装置",
        "items-2-text": "",
    }
    return {**data, **over}


@pytest.mark.parametrize(
    ("who", "plans", "tasks", "add"),
    [
        ("fm", 200, 200, 200),
        ("tech", 200, 200, 403),
        ("leader", 200, 200, 403),
        ("staff", 403, 403, 403),
        ("nobody", 403, 403, 403),
    ],
)
def test_list_and_add_pages_by_role(personas, fm, tech, who, plans, tasks, add):
    user = {"fm": fm, "tech": tech}.get(who) or getattr(personas, who)
    client = login(user)
    assert client.get(reverse("facilities:maintenanceplan_list")).status_code == plans
    assert client.get(reverse("facilities:maintenancetask_list")).status_code == tasks
    assert client.get(reverse("facilities:maintenanceplan_add")).status_code == add


def test_anonymous_goes_to_login(db):
    response = login().get(reverse("facilities:maintenancetask_list"))
    assert response.status_code == 302 and "login" in response.url


def test_plan_add_with_checklist_and_standard(plant, fm):
    response = login(fm).post(reverse("facilities:maintenanceplan_add"), _plan_post(plant))
    assert response.status_code == 302
    plan = MaintenancePlan.objects.get()
    assert (plan.interval, plan.interval_unit, plan.holiday_rule) == (15, "day", "earlier")
    assert list(plan.items.values_list("text", flat=True)) == [
        "机房、滑轮间环境",
        "手动紧急操作装置",
    ]
    edit = reverse("facilities:maintenanceplan_edit", kwargs={"pk": plan.pk})
    assert login(fm).get(edit).status_code == 200
    data = _plan_post(plant, name="改名", **{"items-0-text": "只留一项", "items-1-text": ""})
    assert login(fm).post(edit, data).status_code == 302
    plan.refresh_from_db()
    assert plan.name == "改名" and list(plan.items.values_list("text", flat=True)) == ["只留一项"]


def test_plan_add_refuses_bad_input(plant, other_plant, fm):
    client = login(fm)
    url = reverse("facilities:maintenanceplan_add")
    assert client.post(url, _plan_post(plant, equipment=other_plant.lift.pk)).status_code == 400
    assert client.post(url, _plan_post(plant, start_on="not a date")).status_code == 400
    response = client.post(url, _plan_post(plant, standard="own", recurrence="meter"))
    assert response.status_code == 400
    assert b"meter interval" in response.content
    assert not MaintenancePlan.objects.exists()


def test_plan_of_other_site_is_not_found(other_plant, fm, tech):
    plan = make_plan(other_plant.chiller)
    assert login(fm).get(plan.get_absolute_url()).status_code == 404
    edit = reverse("facilities:maintenanceplan_edit", kwargs={"pk": plan.pk})
    assert login(fm).get(edit).status_code == 404
    own = make_plan(other_plant.pump)
    assert login(tech).get(own.get_absolute_url()).status_code == 404


def test_plan_preview_lists_next_six_dates(fm, tech, personas):
    url = reverse("facilities:maintenanceplan_preview")
    query = {
        "start_on": "2026-01-31",
        "interval": "1",
        "interval_unit": "month",
        "holiday_rule": "later",
    }
    response = login(fm).get(url, query)
    assert response.status_code == 200
    assert response.content.count(b"<li>") == 6
    assert login(tech).get(url, query).status_code == 403
    assert login(fm).get(url, {"start_on": "x"}).status_code == 200


def test_plan_list_shows_health(plant, fm):
    make_plan(plant.chiller, name="已结束", end_on=date(2026, 3, 31))
    healthy = make_plan(plant.pump, name="正常", start_on=timezone.localdate())
    svc.tasks_generate(today=timezone.localdate())
    response = login(fm).get(reverse("facilities:maintenanceplan_list"))
    assert b"Not generating: The last date has passed." in response.content
    assert (
        f"next due {healthy.tasks.order_by('due_on').first().due_on}".encode() in response.content
    )
    detail = login(fm).get(healthy.get_absolute_url())
    assert detail.status_code == 200 and b"WB-" in detail.content


def test_task_ledger_filters_export_and_query_count(plant, fm, task, django_assert_max_num_queries):
    client = login(fm)
    url = reverse("facilities:maintenancetask_list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert task.number.encode() in response.content
    assert b"table-danger" in response.content  # 2026-03-10 has passed: overdue highlighted
    assert task.number.encode() in client.get(url, {"overdue": "true"}).content
    assert task.number.encode() not in client.get(url, {"status": "done"}).content
    assert (
        task.number.encode()
        in client.get(url, {"due_min": "2026-03-01", "due_max": "2026-03-31"}).content
    )
    assert client.get(url, {"due_min": "9999-01-01"}).status_code == 200
    export = client.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_task_detail_by_site(task, tech, other_tech, fm):
    assert login(tech).get(task.get_absolute_url()).status_code == 200
    assert login(other_tech).get(task.get_absolute_url()).status_code == 404
    assert b"complete-link" in login(tech).get(task.get_absolute_url()).content


def test_complete_page(task, tech, other_tech, personas):
    url = reverse("facilities:maintenancetask_complete", kwargs={"pk": task.pk})
    assert login(personas.leader).get(url).status_code == 403
    assert login(other_tech).get(url).status_code == 404
    client = login(tech)
    assert client.get(url).status_code == 200
    first, second = task.checks.all()
    assert client.post(url, {f"check_{first.pk}": "pass"}).status_code == 400
    task.refresh_from_db()
    assert task.status != TaskStatus.DONE
    done = client.post(
        url,
        {
            f"check_{first.pk}": "pass",
            f"check_{second.pk}": "fail",
            f"note_{second.pk}": "导轨磨损",
            "result": "已完成",
        },
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_by, task.result) == ("done", tech, "已完成")
    assert client.get(url).status_code == 404  # done: nothing more to record


def test_void_task(task, fm, tech, other_task):
    url = reverse("facilities:maintenancetask_void", kwargs={"pk": task.pk})
    assert login(tech).get(url).status_code == 403
    other = reverse("facilities:maintenancetask_void", kwargs={"pk": other_task.pk})
    assert login(fm).post(other, {"reason": "x"}).status_code == 404
    assert login(fm).post(url, {"reason": ""}).status_code == 200
    assert login(fm).post(url, {"reason": "重复生成"}).status_code == 302
    assert MaintenanceTask.objects.get(pk=task.pk).voided_at is not None


def test_dashboard_cards(task, fm, personas, other_task):
    cards = dashboard_cards(SimpleNamespace(user=fm, site=None))
    assert [c.value for c in cards] == [1, 0]
    assert dashboard_cards(SimpleNamespace(user=personas.staff, site=None)) == []


def test_on_time_metric(plant, tech):
    plan = make_plan(plant.chiller, start_on=date(2026, 3, 10), end_on=date(2026, 4, 30))
    svc.tasks_generate(today=date(2026, 4, 1))
    march, april = plan.tasks.order_by("due_on")
    for t, day in ((march, 10), (april, 12)):  # March on time, April (due 04-10) late
        results = {c.pk: (True, "") for c in t.checks.all()}
        at = timezone.make_aware(datetime(2026, t.due_on.month, day, 23, 30))
        svc.task_complete(task=t, by=tech, results=results, done_at=at)
    start = timezone.make_aware(datetime(2026, 1, 1))
    end = timezone.make_aware(datetime(2027, 1, 1))
    figures = maintenance_metrics(site_ids=[plant.site.pk], start=start, end=end)
    assert figures == {
        "facilities.maintenance_on_time_pct": 50.0,
        "facilities.maintenance_tasks_done": 2,
    }


def test_plan_preview_shows_the_standard_rule(fm):
    url = reverse("facilities:maintenanceplan_preview")
    query = {"start_on": "2026-09-01", "standard": "tsg_t5002_half_month"}
    response = login(fm).get(url, query)
    assert b"Every 15 days; on a rest day: move to the working day before." in response.content
    assert response.content.count(b"<li>") == 6  # from today on
