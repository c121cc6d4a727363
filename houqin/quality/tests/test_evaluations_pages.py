"""Pages of service evaluation: who may open which (wrong role 403, wrong site 404), the phone
scoring flow, the ledger with its query count and Excel export, rectification steps, the
summary and the home cards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.quality.choices import RectificationStatus
from houqin.quality.models import Evaluation, Rectification, ServicePost, Standard
from houqin.quality.queries.evaluations import dashboard_cards
from houqin.quality.services import evaluations as services
from houqin.quality.tests.conftest import make_post

MARCH = date(2026, 3, 1)


def score(setup, by, *points, month=MARCH, person=None):
    scores = {
        item.pk: (p, "") for item, p in zip(setup.items, points or (40, 30, 20, 10), strict=True)
    }
    return services.evaluation_record(
        post=setup.post, month=month, by=by, scores=scores, person=person
    )


def _get(client, user, name, data=None, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(f"quality:{name}", kwargs=kwargs or None), data)


@pytest.mark.parametrize(
    "name", ["servicepost_list", "standard_list", "evaluation_list", "quality_summary"]
)
def test_lists_refuse_wrong_role(client, personas, sup, server, post_setup, name):
    assert _get(client, sup, name).status_code == 200
    assert _get(client, personas.leader, name).status_code == 200
    for user in (server, personas.staff, personas.guard, personas.nobody):
        assert _get(client, user, name).status_code == 403
    client.logout()
    assert _get(client, None, name).status_code == 302


def test_details_refuse_other_site(client, personas, sup, other_sup, post_setup):
    evaluation = score(post_setup, sup, 36, 30, 15, 10)
    rect = Rectification.objects.get()
    pages = [
        ("servicepost_detail", post_setup.post.pk),
        ("standard_detail", post_setup.standard.pk),
        ("evaluation_detail", evaluation.pk),
        ("rectification_detail", rect.pk),
    ]
    for name, pk in pages:
        assert _get(client, sup, name, pk=pk).status_code == 200
        assert _get(client, other_sup, name, pk=pk).status_code == 404
    assert _get(client, personas.staff, "evaluation_detail", pk=evaluation.pk).status_code == 403


def test_edit_pages_refuse_leadership_and_other_site(client, personas, sup, other_sup, post_setup):
    assert _get(client, personas.leader, "servicepost_add").status_code == 403
    assert _get(client, personas.leader, "standard_add").status_code == 403
    assert _get(client, personas.leader, "evaluation_add").status_code == 403
    pk = post_setup.post.pk
    assert _get(client, other_sup, "servicepost_edit", pk=pk).status_code == 404
    assert _get(client, sup, "servicepost_edit", pk=pk).status_code == 200


def test_post_created_with_members(client, personas, sup, server):
    client.force_login(sup)
    response = client.post(
        reverse("quality:servicepost_add"),
        {
            "site": personas.site.pk,
            "name": "会议服务组",
            "kind": "meeting",
            "members": [server.person.pk],
            "is_active": "on",
        },
    )
    post = ServicePost.objects.get(name="会议服务组")
    assert response.status_code == 302
    assert list(post.members.all()) == [server.person]


def test_standard_added_with_items(client, personas, sup, post_setup):
    client.force_login(sup)
    data = {
        "site": personas.site.pk,
        "post": post_setup.post.pk,
        "title": "保洁标准2026修订",
        "effective_from": "2026-07-01",
        "pass_mark": "85",
        "items-TOTAL_FORMS": "4",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
        "items-0-text": "地面",
        "items-0-weight": "60",
        "items-1-text": "异味",
        "items-1-weight": "40",
    }
    response = client.post(reverse("quality:standard_add"), data)
    standard = Standard.objects.get(title="保洁标准2026修订")
    assert response.status_code == 302
    assert [i.weight for i in standard.items.all()] == [Decimal("60.0"), Decimal("40.0")]
    data["items-0-weight"] = "-5"
    data["title"] = "坏"
    assert client.post(reverse("quality:standard_add"), data).status_code == 400
    assert not Standard.objects.filter(title="坏").exists()


def test_phone_scoring_flow(client, personas, sup, post_setup):
    start = {"post": post_setup.post.pk, "month": "2026-03"}
    response = _get(client, sup, "evaluation_add", start)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="item-row"') == 4
    data = {**start, "comment": "整体良好"}
    for item, points in zip(post_setup.items, (36, 30, "15", 10), strict=True):
        data[f"points_{item.pk}"] = points
        data[f"note_{item.pk}"] = "垃圾未及时清运" if points == "15" else ""
    response = client.post(reverse("quality:evaluation_add"), data)
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()
    assert evaluation.score == Decimal("91.0")
    page = _get(client, sup, "evaluation_detail", pk=evaluation.pk).content.decode()
    assert "垃圾未及时清运" in page and "91" in page


def test_phone_scoring_refuses_bad_input(client, personas, sup, post_setup, other_post_setup):
    start = {"post": post_setup.post.pk, "month": "2026-03"}
    data = {**start}
    for item in post_setup.items:
        data[f"points_{item.pk}"] = item.weight + 1
    client.force_login(sup)
    assert client.post(reverse("quality:evaluation_add"), data).status_code == 400
    other = {"post": other_post_setup.post.pk, "month": "2026-03"}
    assert _get(client, sup, "evaluation_add", other).status_code == 200  # back to step one
    assert client.post(reverse("quality:evaluation_add"), other).status_code == 400
    future = {"post": post_setup.post.pk, "month": "2099-01"}
    for item in post_setup.items:
        future[f"points_{item.pk}"] = item.weight
    assert client.post(reverse("quality:evaluation_add"), future).status_code == 400
    assert not Evaluation.objects.exists()


def test_ledger_filters_query_count_and_export(
    client, personas, sup, post_setup, other_post_setup, other_sup, django_assert_max_num_queries
):
    for i in range(1, 7):
        person = post_setup.member if i % 2 else None
        score(
            post_setup, sup, 40, 30, 20 if i < 5 else 10, 10, month=date(2026, i, 1), person=person
        )
    score(other_post_setup, other_sup)
    client.force_login(sup)
    url = reverse("quality:evaluation_list")
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("KP-2026-") == 6
    below = client.get(url, {"below": "true"}).content.decode()
    assert below.count("KP-2026-") == 2
    months = client.get(url, {"month_after": "2026-02-01", "month_before": "2026-03-31"})
    assert months.content.decode().count("KP-2026-") == 2
    export = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sum(v.startswith("KP-2026-") for v in values) == 6


def test_rectification_pages(client, personas, sup, sup2, server, other_sup, post_setup):
    score(post_setup, sup, 36, 30, 15, 10)
    rect = Rectification.objects.get()
    listing = _get(client, server, "rectification_list")
    assert listing.status_code == 200 and "垃圾及时清运" in listing.content.decode()
    assert _get(client, personas.staff, "rectification_list").status_code == 403
    client.force_login(other_sup)
    url = reverse("quality:rectification_done", kwargs={"pk": rect.pk})
    assert client.post(url, {"action": "x"}).status_code == 404
    client.force_login(personas.leader)
    assert client.post(url, {"action": "x"}).status_code == 403
    client.force_login(server)
    assert client.post(url, {"action": ""}).status_code == 400
    assert client.post(url, {"action": "增加清运"}).status_code == 302
    verify = reverse("quality:rectification_verify", kwargs={"pk": rect.pk})
    assert client.post(verify, {"accepted": "yes"}).status_code == 403
    client.force_login(sup2)
    assert client.post(verify, {"accepted": "yes"}).status_code == 302
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.VERIFIED and rect.verified_by == sup2


def test_void_evaluation(client, personas, sup, server, post_setup):
    evaluation = score(post_setup, sup)
    url = reverse("quality:evaluation_void", kwargs={"pk": evaluation.pk})
    client.force_login(personas.leader)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(sup)
    assert client.post(url, {"reason": "录错月份"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.voided_at is not None


def test_summary_figures(client, personas, sup, post_setup, django_assert_max_num_queries):
    meeting = make_post(personas.site, name="会议服务", kind="meeting")
    score(post_setup, sup, 36, 30, 15, 10)  # 91.0
    score(meeting, sup, 40, 30, 20, 5)  # 95.0
    score(post_setup, sup, 40, 30, 20, 0, month=date(2026, 4, 1))  # 90.0
    client.force_login(sup)
    url = reverse("quality:quality_summary")
    client.get(url, {"year": "2026"})
    with django_assert_max_num_queries(12):
        response = client.get(url, {"year": "2026"})
    grid = response.context["grid"]
    assert grid == [
        {"name": "会议服务", "scores": [None, None, 95.0, *[None] * 9]},
        {"name": "办公楼保洁", "scores": [None, None, 91.0, 90.0, *[None] * 8]},
    ]
    assert [round(float(row["average"]), 1) for row in response.context["trend"]] == [93.0, 90.0]
    assert "echarts.min.js" in response.content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 200


def test_home_cards(rf, english, personas, sup, server, post_setup):
    make_post(personas.site, name="绿化")
    score(post_setup, sup, 36, 30, 15, 10, month=services.first_of_month(date.today()))
    request = rf.get("/")
    request.user, request.site = sup, None
    cards = {str(c.label): c.value for c in dashboard_cards(request)}
    assert cards["Posts to score this month"] == 1
    assert cards["Overdue rectifications"] == 0
    request.user = server
    cards = {str(c.label): c.value for c in dashboard_cards(request)}
    assert cards["Items of my posts to rectify"] == 1
    request.user = personas.staff
    assert dashboard_cards(request) == []
