"""The approvals pages: the queue, deciding by htmx, a request's page, my requests, the flow
configuration, and who may open each."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from houqin.approvals.models import ApprovalFlow, ApprovalRequest
from houqin.approvals.tests.conftest import KIND
from houqin.approvals.tests.helpers import another, department, flow, login, submit
from houqin.core import roles
from houqin.core.models import Department

pytestmark = pytest.mark.django_db
LOGIN = "login"


@pytest.fixture
def request_(personas):
    """A pending request of the staff member, at level 1 (security administrator)."""
    return submit(personas.site, personas.staff)


def _many(site, by, count: int) -> None:
    start = Department.objects.filter(site=site).count()
    for n in range(start, start + count):
        target = Department.objects.create(site=site, code=f"Q{n}", name=f"科室{n}")
        submit(site, by, target=target, title=f"申请{n}")


def test_queue_lists_only_what_i_may_decide(personas, request_, django_assert_max_num_queries):
    submit(
        personas.site,
        personas.secadmin,
        target=Department.objects.create(site=personas.site, code="OWN", name="自己的"),
        title="我自己提交的",
    )
    other = another("staff_other", roles.STAFF, personas.other_site)
    submit(personas.other_site, other, title="分院区的申请")
    _many(personas.site, personas.staff, 5)
    client = login(personas.secadmin)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("approvals:queue")).content.decode()

    assert page.count('data-request="') == 6
    assert "采购办公桌椅" in page and "申请4" in page
    assert "我自己提交的" not in page and "分院区的申请" not in page
    assert department(personas.site).get_absolute_url() in page  # the target's link
    leader_page = login(personas.leader).get(reverse("approvals:queue")).content.decode()
    assert 'data-testid="queue-empty"' in leader_page


def test_queue_query_count_does_not_grow_with_rows(personas):
    client = login(personas.secadmin)
    _many(personas.site, personas.staff, 1)
    client.get(reverse("approvals:queue"))  # warm the session
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("approvals:queue"))
    _many(personas.site, personas.staff, 10)
    with CaptureQueriesContext(connection) as eleven_rows:
        page = client.get(reverse("approvals:queue")).content.decode()
    assert page.count('data-request="') == 11
    assert len(eleven_rows) == len(one_row)


def test_htmx_approve_from_the_queue(personas, request_):
    client = login(personas.secadmin)
    response = client.post(
        reverse("approvals:request_decide", args=[request_.pk]),
        {"approve": "1", "comment": "同意"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-testid="decided"' in response.content.decode()
    request_.refresh_from_db()
    assert (request_.status, request_.current_step) == ("pending", 2)
    assert request_.decisions.get().comment == "同意"


def test_htmx_bad_decision_shows_a_message_and_changes_nothing(personas, request_):
    client = login(personas.secadmin)
    for body in ({"approve": "maybe"}, {}, {"approve": "1", "comment": "x" * 600}):
        response = client.post(
            reverse("approvals:request_decide", args=[request_.pk]), body, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert 'data-testid="decision-error"' in response.content.decode()
    request_.refresh_from_db()
    assert (request_.status, request_.current_step) == ("pending", 1)
    assert not request_.decisions.exists()


def test_reject_from_the_request_page(personas, request_, calls):
    client = login(personas.secadmin)
    page = client.get(reverse("approvals:request_detail", args=[request_.pk])).content.decode()
    assert 'data-testid="decide-form"' in page and "staff" in page

    response = client.post(
        reverse("approvals:request_decide", args=[request_.pk]),
        {"approve": "0", "comment": "不符合规定"},
    )
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == "rejected"
    assert calls == [("rejected", request_.pk, personas.secadmin)]
    page = client.get(reverse("approvals:request_detail", args=[request_.pk])).content.decode()
    assert "不符合规定" in page and 'data-testid="decide-form"' not in page


def test_wrong_person_posting_a_decision_is_refused(personas, request_):
    response = login(personas.leader).post(
        reverse("approvals:request_decide", args=[request_.pk]), {"approve": "1"}, follow=True
    )
    assert "may decide this step" in response.content.decode()
    request_.refresh_from_db()
    assert request_.current_step == 1


def test_submitter_withdraws_from_the_request_page(personas, request_):
    client = login(personas.staff)
    page = client.get(reverse("approvals:request_detail", args=[request_.pk])).content.decode()
    assert 'data-testid="withdraw"' in page and 'data-testid="decide-form"' not in page
    client.post(reverse("approvals:request_withdraw", args=[request_.pk]))
    request_.refresh_from_db()
    assert request_.status == "withdrawn"


def test_my_requests_lists_only_mine(personas, request_, django_assert_max_num_queries):
    submit(
        personas.site,
        personas.secadmin,
        title="别人的申请",
        target=Department.objects.create(site=personas.site, code="X", name="x"),
    )
    client = login(personas.staff)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("approvals:mine")).content.decode()
    assert "采购办公桌椅" in page and "别人的申请" not in page
    export = client.get(reverse("approvals:mine"), {"export": "xlsx"})
    assert export.status_code == 200


# Flow configuration ---------------------------------------------------------------------------


def _flow_post(site, *role_codes, kind=KIND, name="主院区流程", **extra) -> dict:
    data = {
        "site": site.pk,
        "kind": kind,
        "name": name,
        "is_active": "on",
        "form-TOTAL_FORMS": str(max(len(role_codes), 1)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
    }
    for i, code in enumerate(role_codes):
        role = Group.objects.filter(name=code).first()
        data[f"form-{i}-role"] = role.pk if role else "999999"
        data[f"form-{i}-label"] = f"第{i + 1}级"
    data.update(extra)
    return data


def test_admin_creates_a_flow_with_two_levels(personas):
    client = login(personas.admin)
    assert client.get(reverse("approvals:approvalflow_add")).status_code == 200
    response = client.post(
        reverse("approvals:approvalflow_add"),
        _flow_post(personas.site, roles.DUTY_OFFICER, roles.LEADERSHIP),
    )
    assert response.status_code == 302, response.content.decode()
    made = ApprovalFlow.objects.get()
    assert list(made.steps.values_list("position", "role__name")) == [
        (1, roles.DUTY_OFFICER),
        (2, roles.LEADERSHIP),
    ]
    assert submit(personas.site, personas.staff).steps == [roles.DUTY_OFFICER, roles.LEADERSHIP]
    page = client.get(made.get_absolute_url()).content.decode()
    assert 'data-testid="flow-steps"' in page
    listing = client.get(reverse("approvals:approvalflow_list")).content.decode()
    assert "主院区流程" in listing


def test_admin_edits_the_steps_of_a_flow(personas):
    made = flow(personas.site, roles.SECURITY_ADMIN)
    client = login(personas.admin)
    assert client.get(reverse("approvals:approvalflow_edit", args=[made.pk])).status_code == 200
    data = _flow_post(personas.site, roles.LEADERSHIP, name="改过的")
    response = client.post(reverse("approvals:approvalflow_edit", args=[made.pk]), data)
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.name == "改过的"
    assert list(made.steps.values_list("role__name", flat=True)) == [roles.LEADERSHIP]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"form-0-role": ""}, "at least one step"),
        ({"form-0-role": "999999"}, "valid choice"),
        ({"kind": "no_such_kind"}, "valid choice"),
        ({"name": ""}, "required"),
    ],
)
def test_bad_flow_is_refused_with_a_message(personas, data, message):
    body = _flow_post(personas.site, roles.SECURITY_ADMIN)
    body.update(data)
    response = login(personas.admin).post(reverse("approvals:approvalflow_add"), body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApprovalFlow.objects.exists()


def test_second_flow_for_the_same_kind_and_site_is_refused(personas):
    flow(personas.site, roles.SECURITY_ADMIN)
    response = login(personas.admin).post(
        reverse("approvals:approvalflow_add"), _flow_post(personas.site, roles.LEADERSHIP)
    )
    assert response.status_code == 400
    assert ApprovalFlow.objects.count() == 1


def test_flow_list_query_count(personas, django_assert_max_num_queries):
    for n in range(3):
        flow(personas.site, roles.SECURITY_ADMIN, roles.LEADERSHIP, kind=f"{KIND}{n}")
    client = login(personas.admin)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("approvals:approvalflow_list"))
    assert response.status_code == 200


# Who may open what ----------------------------------------------------------------------------

PAGES = {
    # endpoint: {persona: expected}
    "queue": {None: LOGIN, "nobody": 403, "guard": 200, "outsider": 200, "secadmin": 200},
    "mine": {None: LOGIN, "nobody": 403, "guard": 200, "staff": 200},
    "detail": {
        None: LOGIN,
        "nobody": 403,
        "guard": 404,  # holds no role of the request's steps
        "outsider": 404,  # the other site
        "other_secadmin": 404,  # the step's role, but at the other site
        "staff": 200,  # the submitter
        "secadmin": 200,  # the current step's role
        "leader": 200,  # a later step, and leadership
    },
    "decide": {None: LOGIN, "nobody": 403, "guard": 404, "outsider": 404, "secadmin": 302},
    "flow_list": {None: LOGIN, "guard": 403, "secadmin": 403, "other_admin": 200, "admin": 200},
    "flow_add": {None: LOGIN, "leader": 403, "admin": 200},
    "flow_detail": {None: LOGIN, "secadmin": 403, "other_admin": 404, "admin": 200},
    "flow_edit": {None: LOGIN, "secadmin": 403, "other_admin": 404, "admin": 200},
}


def _cases():
    return [
        (endpoint, persona, expected)
        for endpoint, table in PAGES.items()
        for persona, expected in table.items()
    ]


def _user(personas, persona):
    if persona is None:
        return None
    if persona == "other_secadmin":
        return another("other_secadmin", roles.SECURITY_ADMIN, personas.other_site)
    if persona == "other_admin":
        return another("other_admin", roles.ADMIN, personas.other_site)
    return getattr(personas, persona)


@pytest.mark.parametrize(("endpoint", "persona", "expected"), _cases())
def test_page_permissions(personas, request_, endpoint, persona, expected):
    site_flow = flow(personas.site, roles.SECURITY_ADMIN, kind="flow_only")
    client = login(_user(personas, persona))
    pk = request_.pk
    requests = {
        "queue": ("get", reverse("approvals:queue")),
        "mine": ("get", reverse("approvals:mine")),
        "detail": ("get", reverse("approvals:request_detail", args=[pk])),
        "decide": ("post", reverse("approvals:request_decide", args=[pk])),
        "flow_list": ("get", reverse("approvals:approvalflow_list")),
        "flow_add": ("get", reverse("approvals:approvalflow_add")),
        "flow_detail": ("get", reverse("approvals:approvalflow_detail", args=[site_flow.pk])),
        "flow_edit": ("get", reverse("approvals:approvalflow_edit", args=[site_flow.pk])),
    }
    method, url = requests[endpoint]
    response = getattr(client, method)(url, {"approve": "1"} if method == "post" else {})

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if endpoint == "decide" and expected != 302:
        assert ApprovalRequest.objects.get(pk=pk).current_step == 1


def test_flow_list_shows_only_my_sites(personas):
    flow(personas.site, roles.SECURITY_ADMIN)
    other = ApprovalFlow.objects.create(site=personas.other_site, kind=KIND, name="分院区流程")
    page = login(personas.admin).get(reverse("approvals:approvalflow_list")).content.decode()
    assert "本院区流程" in page and other.name not in page


def test_menu_and_home_card(personas, request_):
    client = login(personas.secadmin)
    page = client.get(reverse("home")).content.decode()
    assert reverse("approvals:queue") in page
    assert "Awaiting my approval" in page
    assert reverse("approvals:approvalflow_list") not in page
    admin_page = login(personas.admin).get(reverse("home")).content.decode()
    assert reverse("approvals:approvalflow_list") in admin_page


def test_unknown_request_page_is_404(personas):
    client = login(personas.secadmin)
    for pk in (999999, 10**25):
        assert client.get(f"/approvals/{pk}/").status_code == 404
        assert client.post(f"/approvals/{pk}/decide/", {"approve": "1"}).status_code == 404
