"""Pages and API of publicity and the volunteer team: role and site refusals, boards with their
issues by year, the ledgers and their Excel exports, copies left, hours per volunteer, totals
by category, and the query counts of the lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.core.models import Person
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    PublicityBoard,
    VolunteerActivity,
    VolunteerHours,
)
from houqin.outreach.services import publicity as services
from houqin.outreach.tests.helpers_outreach import *  # noqa: F403  (fixtures)
from houqin.outreach.tests.helpers_outreach import make_material, make_volunteer

THIS_YEAR = timezone.localdate().year


def publish(board, by, day=None, **kw):
    day = day or date(THIS_YEAR, 1, 10)
    return services.issue_publish(
        board=board, title="控烟宣传", topics="戒烟", posted_on=day, by=by, **kw
    )


def invest(site, by, amount, category="books"):
    row = Investment(
        site=site,
        invested_on=date(THIS_YEAR, 1, 3),
        item="购书",
        category=category,
        amount_yuan=Decimal(amount),
    )
    return services.investment_record(investment=row, by=by)


def sheet_rows(response) -> list[list]:
    ws = load_workbook(BytesIO(response.content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize(
    "name",
    [
        "board_list",
        "issue_list",
        "material_list",
        "distribution_list",
        "volunteer_list",
        "activity_list",
        "investment_list",
    ],
)
def test_lists_need_the_role(client, personas, librarian, name):
    url = reverse(f"outreach:{name}")
    assert client.get(url).status_code == 302
    for user in (personas.nobody, personas.staff, personas.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    for user in (personas.leader, librarian):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_board_of_another_site_is_not_found(client, board, other_librarian):
    client.force_login(other_librarian)
    assert client.get(reverse("outreach:board_detail", args=[board.pk])).status_code == 404
    assert client.get(reverse("outreach:board_edit", args=[board.pk])).status_code == 404


def test_librarian_adds_a_board_and_issues_numbered_on_the_page(client, personas, librarian):
    client.force_login(librarian)
    response = client.post(
        reverse("outreach:board_add"),
        {"site": personas.site.pk, "name": "健康长廊", "is_active": "on"},
    )
    board = PublicityBoard.objects.get(name="健康长廊")
    assert response.status_code == 302
    for title in ("第一期", "第二期"):
        response = client.post(
            reverse("outreach:issue_add"),
            {
                "board": board.pk,
                "title": title,
                "topics": "合理膳食",
                "posted_on": f"{THIS_YEAR}-03-01",
            },
        )
        assert response.status_code == 302
    assert list(BoardIssue.objects.order_by("issue_no").values_list("issue_no", flat=True)) == [
        1,
        2,
    ]
    response = client.post(
        reverse("outreach:issue_add"),
        {
            "board": board.pk,
            "issue_no": "2",
            "title": "重复",
            "topics": "x",
            "posted_on": f"{THIS_YEAR}-03-02",
        },
    )
    assert response.status_code == 200 and BoardIssue.objects.count() == 2
    page = client.get(reverse("outreach:board_detail", args=[board.pk])).content.decode()
    assert 'data-issue="1"' in page and 'data-issue="2"' in page


def test_a_reader_cannot_add_an_issue(client, personas, board):
    client.force_login(personas.leader)
    response = client.post(
        reverse("outreach:issue_add"),
        {"board": board.pk, "title": "t", "topics": "x", "posted_on": f"{THIS_YEAR}-03-02"},
    )
    assert response.status_code == 403 and not BoardIssue.objects.exists()


def test_issue_ledger_export_and_void(client, board, librarian):
    first = publish(board, librarian)
    publish(board, librarian, day=date(THIS_YEAR - 1, 5, 1))
    client.force_login(librarian)
    response = client.get(reverse("outreach:issue_list") + f"?year={THIS_YEAR}&export=xlsx")
    rows = sheet_rows(response)
    numbers = [r[0] for r in rows if r[0] and str(r[0]).startswith("XC-")]
    assert numbers == [first.number]
    client.post(reverse("outreach:issue_void", args=[first.pk]), {"reason": "错误"})
    first.refresh_from_db()
    assert first.voided_at is not None


def test_material_copies_and_over_distribution_on_the_page(client, personas, librarian, material):
    client.force_login(librarian)
    data = {
        "material": material.pk,
        "quantity": "70",
        "distributed_on": f"{THIS_YEAR}-02-01",
        "occasion": "义诊",
    }
    assert client.post(reverse("outreach:distribution_add"), data).status_code == 302
    response = client.post(reverse("outreach:distribution_add"), {**data, "quantity": "31"})
    assert response.status_code == 200 and "30" in response.content.decode()
    assert Distribution.objects.count() == 1
    page = client.get(reverse("outreach:material_list")).content.decode()
    assert 'data-label="Left">30<' in page or ">30<" in page
    row = Distribution.objects.get()
    client.post(reverse("outreach:distribution_void", args=[row.pk]), {"reason": "未发"})
    assert services.handed_out(material) == 0
    response = client.get(reverse("outreach:distribution_list") + "?export=xlsx")
    assert response.status_code == 200 and any(
        row.number in map(str, r) for r in sheet_rows(response)
    )


def test_distribution_of_another_sites_material_is_refused(client, other_librarian, material):
    client.force_login(other_librarian)
    data = {"material": material.pk, "quantity": "1", "distributed_on": f"{THIS_YEAR}-02-01"}
    assert client.post(reverse("outreach:distribution_add"), data).status_code == 200
    assert not Distribution.objects.exists()


def test_volunteers_with_hours_this_year_and_activity_form(client, personas, librarian):
    a = make_volunteer(personas.site, "张三")
    make_volunteer(personas.site, "李四")
    client.force_login(librarian)
    response = client.post(
        reverse("outreach:activity_add"),
        {
            "site": personas.site.pk,
            "title": "义务清扫",
            "held_on": f"{THIS_YEAR}-04-01",
            f"hours_{a.pk}": "3.5",
        },
    )
    assert response.status_code == 302
    activity = VolunteerActivity.objects.get()
    assert VolunteerHours.objects.get(activity=activity).hours == Decimal("3.5")
    old = VolunteerActivity.objects.create(
        site=personas.site, title="旧", held_on=date(THIS_YEAR - 1, 1, 1)
    )
    VolunteerHours.objects.create(site=personas.site, activity=old, volunteer=a, hours=8)
    page = client.get(reverse("outreach:volunteer_list")).content.decode()
    assert ">3.5<" in page and ">8" not in page
    detail = client.get(reverse("outreach:activity_detail", args=[activity.pk])).content.decode()
    assert f'data-volunteer="{a.pk}"' in detail


def test_volunteer_add_once(client, personas, librarian):
    client.force_login(librarian)
    person = Person.objects.get(user=personas.staff)
    data = {"site": personas.site.pk, "person": person.pk, "joined_on": f"{THIS_YEAR}-01-01"}
    assert client.post(reverse("outreach:volunteer_add"), data).status_code == 302
    assert client.post(reverse("outreach:volunteer_add"), data).status_code == 200


def test_investment_totals_export_and_void(client, personas, librarian, other_librarian):
    invest(personas.site, librarian, "100000")
    invest(personas.site, librarian, "20000.50")
    void = invest(personas.site, librarian, "999", category="equipment")
    services.investment_void(investment=void, by=librarian, reason="重复")
    invest(personas.site, librarian, "29999.50", category="furniture")
    invest(personas.other_site, other_librarian, "5")
    client.force_login(personas.leader)
    page = client.get(reverse("outreach:investment_list")).content.decode()
    assert 'data-category="books"' in page and "120000.50" in page
    assert 'data-category="equipment"' not in page and "150000.00" in page
    rows = sheet_rows(client.get(reverse("outreach:investment_list") + "?export=xlsx"))
    assert sum(1 for r in rows if r[0] and str(r[0]).startswith("TZ-")) == 4
    client.force_login(librarian)
    response = client.post(
        reverse("outreach:investment_add"),
        {
            "site": personas.site.pk,
            "invested_on": f"{THIS_YEAR}-05-01",
            "item": "x",
            "category": "books",
            "amount_yuan": "0",
        },
    )
    assert response.status_code == 200 and Investment.objects.count() == 5
    client.force_login(other_librarian)
    response = client.post(reverse("outreach:investment_void", args=[void.pk - 1]), {"reason": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "board_list",
        "issue_list",
        "material_list",
        "distribution_list",
        "volunteer_list",
        "activity_list",
        "investment_list",
    ],
)
def test_list_query_counts(client, personas, librarian, board, name, django_assert_max_num_queries):
    for i in range(6):
        publish(board, librarian, day=date(THIS_YEAR, 1, i + 1))
        material = make_material(personas.site, title=f"资料{i}")
        services.distribution_record(
            material=material,
            quantity=2,
            occasion="",
            distributed_on=date(THIS_YEAR, 2, 1),
            by=librarian,
        )
        v = make_volunteer(personas.site, f"志愿者{i}")
        activity = VolunteerActivity(
            site=personas.site, title=f"活动{i}", held_on=date(THIS_YEAR, 3, 1)
        )
        services.activity_save(activity=activity, hours={v.pk: 2}, by=librarian)
        invest(personas.site, librarian, "10")
        PublicityBoard.objects.create(site=personas.site, name=f"栏{i}")
    client.force_login(librarian)
    url = reverse(f"outreach:{name}")
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_api_create_and_refusals(api, personas, librarian, other_librarian, board, material):
    api.force_authenticate(librarian)
    body = {"board": board.pk, "title": "t", "topics": "x", "posted_on": f"{THIS_YEAR}-01-01"}
    assert api.post("/api/outreach/board-issues/", body, format="json").json()["issue_no"] == 1
    response = api.post("/api/outreach/board-issues/", {**body, "issue_no": 1}, format="json")
    assert response.status_code == 400
    dist = {"material": material.pk, "quantity": 101, "distributed_on": f"{THIS_YEAR}-02-01"}
    response = api.post("/api/outreach/distributions/", dist, format="json")
    assert response.status_code == 400 and "quantity" in response.json()["errors"]
    assert (
        api.post(
            "/api/outreach/distributions/", {**dist, "quantity": 100}, format="json"
        ).status_code
        == 201
    )
    inv = {
        "site": "main",
        "invested_on": f"{THIS_YEAR}-01-01",
        "item": "书",
        "category": "books",
        "amount_yuan": "150000.00",
    }
    assert api.post("/api/outreach/investments/", inv, format="json").status_code == 201
    assert (
        api.post(
            "/api/outreach/investments/", {**inv, "amount_yuan": "-1"}, format="json"
        ).status_code
        == 400
    )
    api.force_authenticate(other_librarian)
    assert api.post("/api/outreach/investments/", inv, format="json").status_code == 400
    assert (
        api.post("/api/outreach/distributions/", {**dist, "quantity": 1}, format="json").status_code
        == 400
    )
    assert api.get("/api/outreach/investments/").json()["count"] == 0
    api.force_authenticate(personas.staff)
    assert api.get("/api/outreach/board-issues/").status_code == 403


def test_api_list_query_count(api, personas, librarian, board, django_assert_max_num_queries):
    for i in range(5):
        publish(board, librarian, day=date(THIS_YEAR, 1, i + 1))
        invest(personas.site, librarian, "10")
    api.force_authenticate(librarian)
    for url in (
        "/api/outreach/board-issues/",
        "/api/outreach/investments/",
        "/api/outreach/distributions/",
    ):
        with django_assert_max_num_queries(6):
            assert api.get(url).status_code == 200


def test_issue_take_down_from_its_page(client, personas, board, librarian, other_librarian):
    issue = publish(board, librarian)
    url = reverse("outreach:issue_take_down", args=[issue.pk])
    client.force_login(other_librarian)
    assert client.post(url, {"removed_on": f"{THIS_YEAR}-02-01"}).status_code == 404
    client.force_login(librarian)
    page = client.get(reverse("outreach:issue_detail", args=[issue.pk])).content.decode()
    assert 'data-testid="take-down"' in page
    client.post(url, {"removed_on": "not a date"})
    issue.refresh_from_db()
    assert issue.removed_on is None
    client.post(url, {"removed_on": f"{THIS_YEAR}-02-01"})
    issue.refresh_from_db()
    assert issue.removed_on == date(THIS_YEAR, 2, 1)


@pytest.mark.parametrize(
    "name",
    [
        "board_add",
        "issue_add",
        "material_add",
        "distribution_add",
        "volunteer_add",
        "activity_add",
        "investment_add",
        "expert_add",
        "session_add",
        "consultation_add",
        "session_book",
        "health_statistics",
    ],
)
def test_forms_render_for_the_librarian(client, librarian, board, material, name):
    make_volunteer(board.site, "张三")
    client.force_login(librarian)
    assert client.get(reverse(f"outreach:{name}")).status_code == 200


def test_detail_pages_render(client, personas, librarian, board, material):
    issue = publish(board, librarian)
    row = services.distribution_record(
        material=material,
        quantity=1,
        occasion="",
        distributed_on=date(THIS_YEAR, 2, 1),
        by=librarian,
    )
    money = invest(personas.site, librarian, "10")
    client.force_login(personas.leader)
    for name, pk in (
        ("board_detail", board.pk),
        ("issue_detail", issue.pk),
        ("material_detail", material.pk),
        ("distribution_detail", row.pk),
        ("investment_detail", money.pk),
    ):
        assert client.get(reverse(f"outreach:{name}", args=[pk])).status_code == 200
