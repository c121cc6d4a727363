"""The filter bar of list pages keeps what was chosen (widgets are rendered in Python)."""

import re

from django.urls import reverse

from houqin.security.tests.helpers import department, login


def test_filter_bar_shows_the_chosen_values(personas):
    dept = department(personas.site)
    response = login(personas.guard).get(
        reverse("security:visit_list"),
        {
            "site": "main",
            "q": "<李>",
            "date_after": "2006-03-01",
            "date_before": "2006-03-31",
            "host_department": dept.pk,
            "status": "left",
        },
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert re.search(r'<input[^>]*name="date_after"[^>]*type="date"[^>]*value="2006-03-01"', html)
    assert re.search(r'<input[^>]*name="date_before"[^>]*type="date"[^>]*value="2006-03-31"', html)
    assert f'<option value="{dept.pk}" selected>' in html
    assert '<option value="main" selected>' in html
    assert '<option value="left" selected>' in html
    assert 'value="&lt;李&gt;"' in html  # typed text comes back escaped


def test_departments_of_other_sites_are_not_offered(personas):
    other = department(personas.other_site)
    html = login(personas.guard).get(reverse("security:visit_list")).content.decode()
    assert f'<option value="{other.pk}"' not in html


def test_a_yes_no_filter_offers_all_yes_and_no_and_keeps_the_choice(personas):
    html = (
        login(personas.secadmin)
        .get(reverse("security:hazard_list"), {"overdue": "true"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
    )
    select = re.search(r'<select[^>]*name="overdue"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["全部", "是", "否"]
    assert '<option value="true" selected>' in select
