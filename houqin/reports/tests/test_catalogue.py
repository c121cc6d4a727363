"""The metric catalogue: every metric has a definition in words; the page lists them all by
module with their values for the five years up to the chosen one, for the chosen site."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from houqin.core import roles
from houqin.core.models import Membership
from houqin.reports.registry import all_metrics
from houqin.reports.render import MODULE_LABELS
from houqin.reports.views import catalogue as catalogue_view
from houqin.security.tests.helpers import check_in, login, shanghai

pytestmark = pytest.mark.django_db
URL = reverse("reports:catalogue")
# Five computes of every source (about 57 queries a year), the session, the permission and
# the site list (287 measured): fixed, whatever the number of metrics shown or of sites.
QUERY_BUDGET = 300


def test_every_metric_has_a_definition():
    metrics = all_metrics()
    assert len(metrics) > 90
    missing = [m.key for m in metrics if not str(m.definition).strip()]
    assert missing == []


def test_every_metric_belongs_to_a_labelled_module():
    assert {m.module for m in all_metrics()} <= set(MODULE_LABELS)


@pytest.fixture
def visits_2006(personas):
    """Three visitors at the main site in 2006, one at the other site."""
    for i in range(3):
        check_in(personas.site, personas.guard, at=shanghai(2006, 3, 1 + i, 9, 0), seq=i)
    check_in(personas.other_site, personas.outsider, at=shanghai(2006, 3, 1, 9, 0), seq=9)
    return personas


def _row(html: str, key: str) -> str:
    start = html.index(f'data-metric="{key}"')
    return html[start : html.index("</tr>", start)]


def _year_values(row: str) -> list[str]:
    cells = row.split("data-year-value>")[1:]
    return [cell.split("</td>", 1)[0] for cell in cells]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("staff", 403), ("nobody", 403), ("guard", 403)],
)
def test_permissions(personas, persona, status):
    response = login(getattr(personas, persona)).get(URL)
    assert response.status_code == status


def test_anonymous_is_sent_to_login(personas):
    response = login(None).get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_other_site_is_not_found(personas):
    client = login(personas.leader)
    assert client.get(URL, {"site": "other"}).status_code == 404
    assert client.get(URL, {"site": "nonsense" * 50}).status_code == 404


def test_every_metric_listed_with_its_definition(personas):
    response = login(personas.leader).get(URL)
    html = response.content.decode()
    with translation.override("en"):
        for metric in all_metrics():
            row = _row(html, metric.key)
            assert escape(str(metric.definition)) in row
            assert escape(str(metric.label)) in row
    for module in {m.module for m in all_metrics()}:
        assert f'data-module="{module}"' in html


def test_values_by_year_for_the_chosen_site(visits_2006):
    response = login(visits_2006.leader).get(URL, {"year": 2006, "site": "main"})
    html = response.content.decode()
    assert '<th scope="col" class="text-end">2002</th>' in html
    row = _row(html, "security.visitor_registrations")
    assert _year_values(row) == ["—", "—", "—", "—", "3"]
    # A module without any record in the year shows "—", not zeros it never counted.
    assert _year_values(_row(html, "team.training_sessions")) == ["—"] * 5
    assert _year_values(_row(html, "environment.greening_score")) == ["—"] * 5


def test_a_year_without_data_shows_dashes(visits_2006):
    html = login(visits_2006.leader).get(URL, {"year": 2005}).content.decode()
    for metric in all_metrics():
        assert set(_year_values(_row(html, metric.key))) == {"—"}


def _lead_both_sites(personas):
    role = Membership._meta.get_field("role").related_model.objects.get(name=roles.LEADERSHIP)
    Membership.objects.create(user=personas.leader, site=personas.other_site, role=role)
    return personas.leader


def test_all_sites_add_up(visits_2006):
    html = login(_lead_both_sites(visits_2006)).get(URL, {"year": 2006}).content.decode()
    assert _year_values(_row(html, "security.visitor_registrations"))[-1] == "4"


def test_bad_year_gets_a_message_not_an_error(personas):
    response = login(personas.leader).get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert "Choose a year" in response.content.decode()


def test_search_filters_rows(personas):
    html = login(personas.leader).get(URL, {"q": "VISITOR"}).content.decode()
    assert 'data-metric="security.visitor_registrations"' in html
    assert 'data-metric="procurement.orders"' not in html
    html = login(personas.leader).get(URL, {"q": "no such metric"}).content.decode()
    assert 'data-testid="no-metrics"' in html


def test_five_computes_not_one_per_metric(personas, monkeypatch):
    calls = []
    real = catalogue_view.compute

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(catalogue_view, "compute", counting)
    assert login(personas.leader).get(URL).status_code == 200
    assert len(calls) == 5
    assert all(call.get("keys") is None for call in calls)


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_bounded_and_does_not_grow_with_sites(
    visits_2006, django_assert_max_num_queries
):
    client = login(_lead_both_sites(visits_2006))
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(URL, {"year": 2006, "site": "main"})
    one_site = _queries(client, year=2006, site="main")
    assert _queries(client, year=2006) <= one_site + 1  # all sites: no site looked up by code
    assert _queries(client, year=2006, site="other") == one_site


def test_export_xlsx(visits_2006):
    response = login(visits_2006.leader).get(URL, {"year": 2006, "export": "xlsx", "q": "visitor"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    assert header[1] == "Key" and header[-1] == "2006" and header[-5] == "2002"
    by_key = {row[1]: row for row in rows[3:]}
    assert set(by_key) == {m.key for m in all_metrics() if "visitor" in m.key}
    assert by_key["security.visitor_registrations"][-1] == 3
    assert by_key["security.visitor_registrations"][-2] == "—"


def test_export_is_refused_like_the_page(personas):
    assert login(personas.staff).get(URL, {"export": "xlsx"}).status_code == 403
