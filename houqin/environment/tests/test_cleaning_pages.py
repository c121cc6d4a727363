"""Pages of the cleaning subject: role and site refusals, the permitted user's pages with their
figures, the phone inspection form, the rectification steps, list query counts and the ledger."""

from __future__ import annotations

import pytest
from django.urls import reverse

from houqin.environment.models import CleaningZone, ZoneRectification
from houqin.environment.services import cleaning as services
from houqin.environment.tests.helpers_cleaning import *  # noqa: F403  (fixtures)
from houqin.environment.tests.helpers_cleaning import answers, make_zone, photo


def _inspect(setup, by, failed=()):
    photos = {setup.items[i].pk: photo() for i in failed}
    return services.zone_inspect(
        zone=setup.zone, by=by, results=answers(setup.items, failed), photos=photos
    )


def _url(name, **kwargs):
    return reverse(f"environment:{name}", kwargs=kwargs or None)


def test_zone_pages_refuse_wrong_role_and_site(client, personas, zone_setup, other_zone, sup):
    client.force_login(personas.guard)
    assert client.get(_url("zone_list")).status_code == 403
    assert client.get(_url("zone_inspect", pk=zone_setup.zone.pk)).status_code == 403
    client.force_login(sup)
    assert client.get(_url("zone_detail", pk=other_zone.zone.pk)).status_code == 404
    assert client.get(_url("zone_inspect", pk=other_zone.zone.pk)).status_code == 404
    assert client.get(_url("zone_add")).status_code == 403
    assert client.get(_url("zone_labels")).status_code == 403


def test_supervisor_sees_zone_pages(client, zone_setup, sup):
    _inspect(zone_setup, sup, failed=(1,))
    client.force_login(sup)
    page = client.get(_url("zone_detail", pk=zone_setup.zone.pk)).content.decode()
    assert "垃圾桶清理" in page and 'data-testid="rectification-row"' in page
    assert _url("zone_inspect", pk=zone_setup.zone.pk) in page
    form = client.get(_url("zone_inspect", pk=zone_setup.zone.pk))
    assert form.status_code == 200 and form.content.decode().count('data-testid="item-row"') == 3


def test_manager_adds_and_edits_a_zone(client, personas, envman, cleaner):
    client.force_login(envman)
    location = personas.site.location_set.first()
    data = {
        "site": personas.site.pk,
        "code": "z05",
        "name": "食堂",
        "location": location.pk,
        "responsible": cleaner.person.pk,
        "standard": "无油污",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "地面无油污",
        "items-0-weight": "4",
        "items-1-text": "餐桌整洁",
        "items-1-weight": "2",
        "items-2-text": "",
        "items-2-weight": "1",  # the empty row as the page renders it
    }
    response = client.post(_url("zone_add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    zone = CleaningZone.objects.get(code="Z05")
    assert response.status_code == 302 and zone.checkpoint.code == "Z05"
    assert [i.weight for i in services.zone_items(zone)] == [4, 2]
    assert client.get(_url("zone_edit", pk=zone.pk)).status_code == 200
    assert client.get(_url("zone_labels")).content.decode().count('data-testid="qr-label"') == 1
    bad = client.post(_url("zone_add"), {**data, "code": "Z06", "items-0-weight": "x"})
    assert bad.status_code == 400 and not CleaningZone.objects.filter(code="Z06").exists()


def test_inspect_page_fail_without_photo_is_refused(client, zone_setup, sup):
    client.force_login(sup)
    items = zone_setup.items
    data = {f"item_{items[0].pk}": "fail", f"item_{items[1].pk}": "pass"}
    data[f"item_{items[2].pk}"] = "pass"
    response = client.post(_url("zone_inspect", pk=zone_setup.zone.pk), data)
    assert response.status_code == 400 and ZoneRectification.objects.count() == 0
    data[f"photo_{items[0].pk}"] = photo()
    data[f"note_{items[0].pk}"] = "有纸屑"
    response = client.post(_url("zone_inspect", pk=zone_setup.zone.pk), data)
    assert response.status_code == 302
    assert ZoneRectification.objects.get().result.note == "有纸屑"


def test_rectification_flow_through_pages(client, zone_setup, sup, sup2, cleaner, other_sup):
    _inspect(zone_setup, sup, failed=(0,))
    rect = ZoneRectification.objects.get()
    client.force_login(other_sup)
    assert client.get(_url("rectification_detail", pk=rect.pk)).status_code == 404
    client.force_login(cleaner)
    listing = client.get(_url("rectification_list") + "?mine=true").content.decode()
    assert "地面无垃圾" in listing
    page = client.get(_url("rectification_detail", pk=rect.pk)).content.decode()
    assert 'data-testid="report-form"' in page
    assert client.post(_url("rectification_report", pk=rect.pk), {"note": ""}).status_code == 400
    response = client.post(_url("rectification_report", pk=rect.pk), {"note": "已清扫"})
    assert response.status_code == 302
    assert (
        client.post(_url("rectification_recheck", pk=rect.pk), {"passed": "yes"}).status_code == 403
    )
    client.force_login(sup2)
    response = client.post(_url("rectification_recheck", pk=rect.pk), {"passed": "yes"})
    assert response.status_code == 302
    rect.refresh_from_db()
    assert rect.status == "passed"


def test_lists_query_counts_and_ledger(
    client, personas, zone_setup, envman, sup, django_assert_max_num_queries
):
    for n in range(2, 6):
        extra = make_zone(personas.site, envman, code=f"Z0{n}", name=f"区域{n}")
        _inspect(extra, sup, failed=(0,))
    client.force_login(sup)
    for name in ("zone_list", "inspection_list", "rectification_list", "zone_ranking"):
        with django_assert_max_num_queries(14):
            response = client.get(_url(name))
        assert response.status_code == 200, name
    ledger = client.get(_url("zone_list") + "?export=xlsx")
    assert ledger["Content-Type"].startswith("application/vnd.openxmlformats")
    inspections = client.get(_url("inspection_list")).content.decode()
    assert inspections.count("区域") >= 4 and "50.0%" in inspections
    assert client.get(_url("inspection_list") + "?export=xlsx").status_code == 200


def test_inspection_and_rectification_lists_refuse_other_roles(client, personas):
    client.force_login(personas.guard)
    for name in ("inspection_list", "rectification_list", "zone_ranking"):
        assert client.get(_url(name)).status_code == 403


def test_ranking_figures(client, personas, zone_setup, envman, sup, cleaner):
    second = make_zone(personas.site, envman, code="Z02", name="二楼走廊", person=cleaner.person)
    third = make_zone(personas.site, envman, code="Z03", name="三楼走廊")
    _inspect(zone_setup, sup)  # 10/10
    _inspect(second, sup, failed=(0,))  # 5/10
    _inspect(second, sup, failed=(2,))  # 8/10 → 13/20
    from django.utils import timezone

    from houqin.environment.queries.cleaning import people_ranking, zone_ranking

    zones = CleaningZone.objects.filter(site=personas.site)
    month = timezone.localdate()
    ranked = list(zone_ranking(zones, month))
    assert [z.code for z in ranked] == ["Z01", "Z02", "Z03"]
    assert (ranked[1].inspections, ranked[1].checked, ranked[1].passed, ranked[1].failed) == (
        2,
        6,
        4,
        2,
    )
    assert float(ranked[1].pass_rate) == pytest.approx(0.65)
    assert ranked[2].pass_rate is None and ranked[1].overdue == 0
    people = people_ranking(zones, month)
    assert people[0]["responsible_id"] == cleaner.person.pk
    assert people[0]["zones"] == 2 and people[0]["checked"] == 9
    assert float(people[0]["pass_rate"]) == pytest.approx(23 / 30)
    assert people[1]["responsible_id"] == third.person.pk and people[1]["pass_rate"] is None
    client.force_login(sup)
    page = client.get(_url("zone_ranking") + f"?month={month:%Y-%m}").content.decode()
    assert page.count('data-testid="zone-rank-row"') == 3 and "65%" in page


def test_overdue_rectification_counts_in_ranking(personas, zone_setup, sup):
    from datetime import timedelta

    from django.utils import timezone

    from houqin.environment.queries.cleaning import zone_ranking

    _inspect(zone_setup, sup, failed=(0,))
    ZoneRectification.objects.update(deadline=timezone.localdate() - timedelta(days=1))
    zone = zone_ranking(CleaningZone.objects.all(), timezone.localdate()).get()
    assert zone.overdue == 1


def test_metrics(personas, zone_setup, sup):
    from datetime import timedelta

    from django.utils import timezone

    from houqin.environment.metrics.cleaning import cleaning_metrics

    now = timezone.now()
    window = {"start": now - timedelta(days=1), "end": now + timedelta(days=1)}
    assert cleaning_metrics(site_ids=None, **window)["environment.zone_pass_rate"] is None
    _inspect(zone_setup, sup, failed=(2,))
    row = cleaning_metrics(site_ids=[personas.site.pk], **window)
    assert row == {"environment.zone_pass_rate": 0.8, "environment.zone_inspections": 1}
    other = cleaning_metrics(site_ids=[personas.other_site.pk], **window)
    assert other["environment.zone_inspections"] == 0


def test_home_cards(rf, personas, zone_setup, sup, cleaner):
    from houqin.environment.queries.cleaning import dashboard_cards

    request = rf.get("/")
    request.user, request.site = sup, None
    assert dashboard_cards(request)[0].value == 1
    _inspect(zone_setup, sup, failed=(0,))
    assert dashboard_cards(request)[0].value == 0
    request.user = cleaner
    cards = dashboard_cards(request)
    assert [c.value for c in cards] == [1, 0]
