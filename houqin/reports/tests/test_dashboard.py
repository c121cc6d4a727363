"""The leadership dashboard: who may open it at which site, one site against all sites, the
change on last year shown only when last year has data, the open items, and a query count that
does not grow with the number of sites."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from houqin.core import roles
from houqin.core.models import Membership
from houqin.core.testing import make_site
from houqin.reports.tests.dashboard_rows_kit import make
from houqin.security.choices import HazardStatus
from houqin.security.models import Hazard
from houqin.security.tests.helpers import check_in, shanghai

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
YEAR = timezone.localdate().year


def cards(response) -> dict:
    return {card["key"]: card for card in response.context["cards"]}


def items(response) -> dict:
    return {item["key"]: item for item in response.context["items"]}


def add_role(user, site, role=roles.LEADERSHIP):
    Membership.objects.create(user=user, site=site, role=Group.objects.get(name=role))


def test_leader_sees_the_dashboard(client, personas):
    client.force_login(personas.leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["cards"]) >= 12
    assert response.context["year"] == YEAR
    assert b"dashboard-trends-data" in response.content


@pytest.mark.parametrize("who", ["staff", "guard", "outsider", "nobody"])
def test_without_the_report_permission_refused(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == 403


def test_other_site_is_not_found(client, personas):
    client.force_login(personas.leader)
    assert client.get(URL, {"site": "other"}).status_code == 404
    assert client.get(URL, {"site": "nowhere"}).status_code == 404


def test_anonymous_goes_to_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("year", ["abc", "1800", "99999", "²"])
def test_bad_year_is_this_year(client, personas, year):
    client.force_login(personas.leader)
    response = client.get(URL, {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == YEAR


def test_one_site_against_all_sites(client, personas):
    add_role(personas.leader, personas.other_site)
    check_in(personas.site, personas.guard, at=shanghai(YEAR, 1, 5, 9))
    check_in(personas.other_site, personas.outsider, at=shanghai(YEAR, 1, 6, 9))
    check_in(personas.other_site, personas.outsider, at=shanghai(YEAR, 1, 7, 9))
    client.force_login(personas.leader)
    figure = "security.visitor_registrations"
    assert cards(client.get(URL))[figure]["value"] == 3
    assert cards(client.get(URL, {"site": "main"}))[figure]["value"] == 1
    assert cards(client.get(URL, {"site": "other"}))[figure]["value"] == 2


def test_change_on_last_year_only_when_last_year_has_data(client, personas):
    figure = "security.visitor_registrations"
    client.force_login(personas.leader)
    check_in(personas.site, personas.guard, at=shanghai(YEAR - 1, 3, 1, 9))
    check_in(personas.site, personas.guard, at=shanghai(YEAR - 1, 3, 2, 9))
    check_in(personas.site, personas.guard, at=shanghai(YEAR - 1, 3, 3, 9))
    check_in(personas.site, personas.guard, at=shanghai(YEAR - 1, 3, 4, 9))
    before_any = cards(client.get(URL, {"year": YEAR - 2}))[figure]
    assert before_any["change_text"] is None
    last = cards(client.get(URL, {"year": YEAR - 1}))[figure]
    assert last["value"] == 4 and last["change_text"] is None  # the year before has none
    for day in range(1, 6):
        check_in(personas.site, personas.guard, at=shanghai(YEAR, 1, day, 9))
    response = client.get(URL, {"year": YEAR})
    card = cards(response)[figure]
    assert card["change"] == 25.0 and card["direction"] == "up"
    assert card["change_text"] == "比上年增长25%" and card["tone"] == "neutral"
    assert "比上年增长25%" in response.content.decode()


def test_money_figure_in_ten_thousands(client, personas):
    client.force_login(personas.leader)
    card = cards(client.get(URL))["procurement.savings_yuan"]
    # The orders whose savings it adds up (test_dashboard_money_rows.py follows the link).
    assert card["url"].startswith(reverse("procurement:project_list"))


def hazard(site, *, deadline, **extra):
    return make(Hazard, site, deadline=deadline, found_at=timezone.now(), **extra)


def test_open_items_count_overdue_hazards_of_the_sites(client, personas):
    add_role(personas.leader, personas.other_site)
    today = timezone.localdate()
    hazard(personas.site, deadline=today - timedelta(days=2))
    hazard(personas.site, deadline=today + timedelta(days=2))
    hazard(personas.site, deadline=today - timedelta(days=2), status=HazardStatus.CLOSED)
    hazard(personas.site, deadline=today - timedelta(days=2), voided_at=timezone.now())
    hazard(personas.other_site, deadline=today - timedelta(days=1))
    client.force_login(personas.leader)
    assert items(client.get(URL))["hazards_overdue"]["count"] == 2
    one = items(client.get(URL, {"site": "main"}))["hazards_overdue"]
    assert one["count"] == 1 and len(one["rows"]) == 1
    assert "site=main" in one["url"] and "overdue=true" in one["url"]
    followed = client.get(one["url"])
    assert followed.status_code == 200
    assert followed.context["page"].paginator.count == 1


def test_pending_approvals_are_the_leaders_own(client, personas):
    client.force_login(personas.leader)
    item = items(client.get(URL))["approvals_pending"]
    assert item["count"] == 0 and item["url"] == reverse("approvals:queue")


def test_query_count_does_not_grow_with_sites(client, personas, django_assert_max_num_queries):
    client.force_login(personas.leader)
    client.get(URL)  # warm the permission cache and the ContentType cache
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(6):
        site = make_site(f"s{n}")
        add_role(personas.leader, site)
        check_in(site, personas.guard, at=shanghai(YEAR, 2, 1, 9))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_links_follow_the_switcher(client, personas):
    """A dashboard of another site than the switcher's has no links (the lists would show the
    switcher's site); one of the switcher's site links to the lists as they are."""
    add_role(personas.leader, personas.other_site)
    client.force_login(personas.leader)
    client.post(reverse("site_switch"), {"site": personas.site.pk})
    same = client.get(URL)
    assert same.context["links"] and cards(same)["security.hazards_found"]["url"]
    assert "site=" not in cards(same)["security.hazards_found"]["url"]
    other = client.get(URL, {"site": "other"})
    assert not other.context["links"]
    assert cards(other)["security.hazards_found"]["url"] is None
    assert b'data-testid="no-links"' in other.content


def test_open_items_count_expiring_qualifications_and_certificates(client, personas):
    from houqin.facilities.models import Certificate
    from houqin.procurement.models import Qualification

    today = timezone.localdate()
    for days in (-3, -1, 5, 20, 45):
        make(Qualification, personas.site, valid_until=today + timedelta(days=days))
    make(Qualification, personas.other_site, valid_until=today - timedelta(days=1))
    make(Certificate, personas.site, expires_on=today + timedelta(days=3), issued_on=today)
    make(Certificate, personas.site, expires_on=today + timedelta(days=300), issued_on=today)
    client.force_login(personas.leader)
    found = items(client.get(URL))
    assert found["qualifications_expired"]["count"] == 2
    assert found["qualifications_expiring"]["count"] == 2
    assert found["certificates_due"]["count"] == 1
    for key in ("qualifications_expired", "qualifications_expiring", "certificates_due"):
        listed = client.get(found[key]["url"])
        assert listed.context["page"].paginator.count == found[key]["count"], key


def test_a_change_is_coloured_by_what_is_good_news_for_the_figure():
    from houqin.reports.dashboard import _change_text, _tone

    assert _tone("down", "down") == "good"  # a lower energy bill
    assert _tone("up", "down") == "bad"
    assert _tone("up", "") == _tone("flat", "up") == _tone(None, "up") == "neutral"
    assert _change_text(-4.3) == "比上年下降4.3%"
    assert _change_text(0.0) == "与上年持平"
