"""The relief.* figures through the report registry: exact, void and other periods excluded."""

import pytest

from houqin.core.models import Person
from houqin.relief import services
from houqin.relief.tests.helpers import *  # noqa: F403  (fixtures)
from houqin.relief.tests.helpers import at, give, make_project
from houqin.reports.registry import compute, year_bounds

pytestmark = pytest.mark.django_db


def test_relief_metrics_are_exact_and_skip_void_and_other_years(relief, keeper, personas):
    person = Person.objects.filter(site=personas.site).first()
    give(relief, keeper, donor_kind="organisation", donor_name="", amount="40360.50")
    give(relief, keeper, donor_kind="staff", person=person, amount="15800",
         lines=[(relief.clothes, 538)])  # fmt: skip
    give(relief, keeper, amount="100.40")  # an outside donor: in the total only
    void = give(relief, keeper, amount="999", lines=[(relief.clothes, 7)])
    services.donation_void(donation=void, by=keeper, reason="录错")
    relief.campaign.starts_on = at(2005, 12, 1).date()  # a drive running across the new year
    relief.campaign.save(update_fields=["starts_on"])
    give(relief, keeper, amount="5000", when=at(2005, 12, 31, 23, 59))  # last year
    services.purchase_receive(
        campaign=relief.campaign, project=make_project(personas.site), by=keeper,
        received_at=at(2006, 7, 12, 15), lines=[
            (relief.water, 20000, "1.2"), (relief.food, "5000", "6"),
            (relief.tarp, "3200", "3"), (relief.bags, 6000, "0.5"),
        ],
    )  # fmt: skip
    lines = [(relief.water, 20000), (relief.food, 5000), (relief.tarp, 3200), (relief.bags, 6000)]
    services.dispatch_create(
        campaign=relief.campaign, destination="新华镇", by=keeper,
        dispatched_at=at(2006, 7, 13, 8), lines=lines[:2],
    )  # fmt: skip
    services.dispatch_create(
        campaign=relief.campaign, destination="沙口镇", by=keeper,
        dispatched_at=at(2006, 7, 14, 8), lines=lines[2:],
    )  # fmt: skip
    undone = services.dispatch_create(
        campaign=relief.campaign, destination="x", by=keeper,
        dispatched_at=at(2006, 7, 14, 9), lines=[(relief.clothes, 1)],
    )  # fmt: skip
    services.dispatch_void(dispatch=undone, by=keeper, reason="未发")
    start, end = year_bounds(2006)
    values = compute(site_ids=[personas.site.pk], start=start, end=end)
    assert {k: v for k, v in values.items() if k.startswith("relief.")} == {
        "relief.donations.organisation_yuan": 40360,
        "relief.donations.staff_yuan": 15800,
        "relief.donations.total_yuan": 56261,
        "relief.donations.clothing_items": 538,
        "relief.supplies.water_bottles": 20000,
        "relief.supplies.dry_food_kg": 5000,
        "relief.supplies.tarpaulin_m2": 3200,
        "relief.supplies.woven_bags": 6000,
    }
    other = compute(site_ids=[personas.other_site.pk], start=start, end=end)
    assert other["relief.donations.total_yuan"] == 0
    last_year = compute(site_ids=None, start=year_bounds(2005)[0], end=start)
    assert last_year["relief.donations.total_yuan"] == 5000
    assert last_year["relief.supplies.water_bottles"] == 0


def test_relief_metrics_take_two_queries(relief, django_assert_max_num_queries):
    from houqin.relief.metrics import relief_metrics

    start, end = year_bounds(2006)
    relief_metrics(site_ids=None, start=start, end=end)  # content types cached
    with django_assert_max_num_queries(2):
        relief_metrics(site_ids=[1], start=start, end=end)


def test_home_card_counts_dispatches_on_the_way(rf, relief, keeper, personas):
    from houqin.relief.queries import home_cards

    give(relief, keeper, lines=[(relief.water, 10)])
    services.dispatch_create(
        campaign=relief.campaign, destination="新华镇", by=keeper, dispatched_at=None,
        lines=[(relief.water, 5)],
    )  # fmt: skip
    request = rf.get("/")
    request.user, request.site = keeper, None
    assert [card.value for card in home_cards(request)] == [1]
    request.user = personas.staff
    assert home_cards(request) == []
