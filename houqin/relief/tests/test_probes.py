"""Probes of the relief pages, API and public list: access by role and site, bad input of every
kind (never a 500, nothing changed), leaks on the public list, and the goods and money rules."""

from decimal import Decimal

import pytest
from django.urls import reverse

from houqin.relief import services
from houqin.relief.models import Campaign, Dispatch, Donation
from houqin.relief.tests.helpers import *  # noqa: F403  (fixtures)
from houqin.relief.tests.helpers import at, give, make_campaign
from houqin.stock.models import Movement

pytestmark = [pytest.mark.django_db]

LONG = "长" * 10_000
SCRIPT = "<script>alert(1)</script>"


def counts() -> tuple:
    return (Donation.objects.count(), Dispatch.objects.count(), Movement.objects.count())


def lines_data(*rows, prefix="lines") -> dict:
    """Formset POST data: the management form and ``rows`` of (item id, quantity)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, (item, quantity) in enumerate(rows):
        data[f"{prefix}-{n}-item"] = str(item)
        data[f"{prefix}-{n}-quantity"] = str(quantity)
    return data


def donation_post(relief, **over) -> dict:
    data = {
        "campaign": relief.campaign.pk,
        "donor_kind": "other",
        "donor_name": "长江商贸有限公司",
        "amount_yuan": "100",
        "received_at": "2006-07-12T09:00",
        **lines_data(),
    }
    data.update(over)
    return data


# Access --------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(client, relief, keeper):
    donation = give(relief, keeper, amount="10")
    urls = [
        reverse("relief:campaign_list"),
        reverse("relief:campaign_detail", args=[relief.campaign.pk]),
        reverse("relief:donation_add"),
        reverse("relief:donation_receipt", args=[donation.pk]),
        reverse("relief:donation_void", args=[donation.pk]),
        reverse("relief:dispatch_add"),
        reverse("relief:stock"),
        reverse("relief:item_add"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_api_refuses_anonymous_and_roleless(client, relief, personas):
    url = reverse("api:relief-donation-list") if _has_api_ns() else "/api/relief/donations/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(personas.nobody)
    assert client.get(url).status_code == 403
    client.force_login(personas.staff)
    assert client.post(url, {}, content_type="application/json").status_code == 403


def _has_api_ns() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("api:relief-donation-list")
    except NoReverseMatch:
        return False
    return True


def test_other_sites_keeper_cannot_write_into_this_site(client, relief, keeper, other_keeper):
    """Another site's campaign in the POST data is refused as an invalid choice."""
    client.force_login(other_keeper)
    before = counts()
    response = client.post(reverse("relief:donation_add"), donation_post(relief))
    assert response.status_code == 400
    assert counts() == before
    donation = give(relief, keeper, amount="10")
    void = reverse("relief:donation_void", args=[donation.pk])
    assert client.post(void, {"reason": "x"}).status_code == 404
    donation.refresh_from_db()
    assert donation.voided_at is None


def test_leader_reads_but_cannot_record(client, relief, personas):
    client.force_login(personas.leader)
    assert (
        client.get(reverse("relief:campaign_detail", args=[relief.campaign.pk])).status_code == 200
    )
    before = counts()
    assert client.post(reverse("relief:donation_add"), donation_post(relief)).status_code == 403
    assert counts() == before


# Bad input on the pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "over",
    [
        {"amount_yuan": "-5"},
        {"amount_yuan": "abc"},
        {"amount_yuan": "1e30"},
        {"amount_yuan": "0.001"},
        {"amount_yuan": "NaN"},
        {"amount_yuan": "", "donor_name": "x"},  # neither cash nor goods
        {"donor_name": LONG},
        {"note": LONG},
        {"donor_kind": "martian"},
        {"donor_kind": "staff"},  # no person chosen
        {"campaign": ""},
        {"campaign": "abc"},
        {"received_at": "2999-01-01T09:00"},
        {"received_at": "not a date"},
    ],
)
def test_donation_page_bad_input_is_400_and_changes_nothing(client, relief, keeper, over):
    client.force_login(keeper)
    before = counts()
    response = client.post(reverse("relief:donation_add"), donation_post(relief, **over))
    assert response.status_code == 400
    assert counts() == before


@pytest.mark.parametrize("quantity", ["-3", "0", "abc", "1e20", "99999999999999"])
def test_donation_goods_bad_quantity_is_400(client, relief, keeper, quantity):
    client.force_login(keeper)
    before = counts()
    data = donation_post(relief, amount_yuan="", **lines_data((relief.water.pk, quantity)))
    assert client.post(reverse("relief:donation_add"), data).status_code == 400
    assert counts() == before


def test_donation_with_other_sites_item_or_person_is_400(client, relief, keeper, personas):
    from houqin.core.models import Person

    client.force_login(keeper)
    before = counts()
    data = donation_post(relief, **lines_data((relief.other_water.pk, 5)))
    assert client.post(reverse("relief:donation_add"), data).status_code == 400
    stranger = Person.objects.filter(site=personas.other_site).first()
    data = donation_post(relief, donor_kind="staff", person=stranger.pk)
    assert client.post(reverse("relief:donation_add"), data).status_code == 400
    assert counts() == before


def test_donation_to_a_voided_campaign_is_refused(client, relief, keeper):
    empty = make_campaign(relief.campaign.site, relief.store, title="已撤销")
    services.campaign_void(campaign=empty, by=keeper, reason="录入错误")
    client.force_login(keeper)
    before = counts()
    response = client.post(reverse("relief:donation_add"), donation_post(relief, campaign=empty.pk))
    assert response.status_code == 400
    assert counts() == before


def test_donation_dated_far_before_the_campaign_is_refused(client, relief, keeper):
    client.force_login(keeper)
    before = counts()
    data = donation_post(relief, received_at="1900-01-01T09:00")
    assert client.post(reverse("relief:donation_add"), data).status_code == 400
    assert counts() == before


def test_dispatch_beyond_stock_is_refused_naming_the_item(client, relief, keeper):
    give(relief, keeper, lines=[(relief.water, 10)])
    client.force_login(keeper)
    before = counts()
    data = {
        "campaign": relief.campaign.pk,
        "destination": "新华镇",
        "dispatched_at": "2006-07-13T08:00",
        **lines_data((relief.water.pk, 11)),
    }
    response = client.post(reverse("relief:dispatch_add"), data)
    assert response.status_code == 400
    assert "矿泉水" in response.content.decode()
    assert counts() == before


def test_dispatch_before_the_goods_arrived_is_refused(client, relief, keeper):
    give(relief, keeper, lines=[(relief.water, 10)], when=at(2006, 7, 12, 9))
    client.force_login(keeper)
    before = counts()
    data = {
        "campaign": relief.campaign.pk,
        "destination": "新华镇",
        "dispatched_at": "2006-07-01T08:00",
        **lines_data((relief.water.pk, 5)),
    }
    assert client.post(reverse("relief:dispatch_add"), data).status_code == 400
    assert counts() == before


def test_dispatch_destination_too_long_or_script_is_handled(client, relief, keeper):
    give(relief, keeper, lines=[(relief.water, 10)])
    client.force_login(keeper)
    data = {
        "campaign": relief.campaign.pk,
        "destination": LONG,
        "dispatched_at": "2006-07-13T08:00",
        **lines_data((relief.water.pk, 1)),
    }
    assert client.post(reverse("relief:dispatch_add"), data).status_code == 400
    data["destination"] = SCRIPT
    response = client.post(reverse("relief:dispatch_add"), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_void_donation_whose_goods_were_dispatched_is_refused(client, relief, keeper):
    donation = give(relief, keeper, lines=[(relief.water, 10)])
    services.dispatch_create(
        campaign=relief.campaign, destination="新华镇", dispatched_at=at(2006, 7, 13, 8),
        lines=[(relief.water, 8)], by=keeper,
    )  # fmt: skip
    client.force_login(keeper)
    before = counts()
    url = reverse("relief:donation_void", args=[donation.pk])
    response = client.post(url, {"reason": "录入错误"})
    assert response.status_code in (200, 400)
    assert response.context["form"].errors
    donation.refresh_from_db()
    assert donation.voided_at is None
    assert counts() == before


def test_signed_dispatch_cannot_be_voided_and_voided_cannot_be_signed(client, relief, keeper):
    give(relief, keeper, lines=[(relief.water, 10)])
    kw = {"campaign": relief.campaign, "destination": "新华镇", "by": keeper,
          "dispatched_at": at(2006, 7, 13, 8), "lines": [(relief.water, 2)]}  # fmt: skip
    signed = services.dispatch_create(**kw)
    services.dispatch_sign(dispatch=signed, signed_by_name="李四", signed_at=None, by=keeper)
    void = services.dispatch_create(**kw)
    services.dispatch_void(dispatch=void, by=keeper, reason="派错车")
    client.force_login(keeper)
    response = client.post(reverse("relief:dispatch_void", args=[signed.pk]), {"reason": "x"})
    assert response.status_code != 500 and response.context["form"].errors
    signed.refresh_from_db()
    assert signed.voided_at is None
    response = client.post(
        reverse("relief:dispatch_sign", args=[void.pk]), {"signed_by_name": "张三"}
    )
    assert response.status_code in (400, 404)
    void.refresh_from_db()
    assert void.status != "signed"


def test_sign_before_dispatch_or_in_future_is_400(client, relief, keeper):
    give(relief, keeper, lines=[(relief.water, 10)])
    dispatch = services.dispatch_create(
        campaign=relief.campaign, destination="新华镇", dispatched_at=at(2006, 7, 13, 8),
        lines=[(relief.water, 2)], by=keeper,
    )  # fmt: skip
    client.force_login(keeper)
    url = reverse("relief:dispatch_sign", args=[dispatch.pk])
    for when in ("2006-07-12T08:00", "2999-01-01T08:00", "garbage"):
        response = client.post(url, {"signed_by_name": "张三", "signed_at": when})
        assert response.status_code == 400, when
    dispatch.refresh_from_db()
    assert dispatch.status == "dispatched"


def test_purchase_with_other_sites_or_unfinished_project_is_400(client, relief, keeper, personas):
    from houqin.relief.tests.helpers import make_project

    foreign = make_project(personas.other_site)
    unsigned = make_project(personas.site, status="active")
    client.force_login(keeper)
    for project in (foreign, unsigned):
        data = {
            "campaign": relief.campaign.pk,
            "project": project.pk,
            "received_at": "2006-07-12T09:00",
            **lines_data((relief.water.pk, 5)),
        }
        assert client.post(reverse("relief:purchase_add"), data).status_code == 400
    assert Movement.objects.count() == 0


@pytest.mark.parametrize("query", ["?page=abc", "?page=-1", "?campaign=abc", "?received_at=x"])
def test_lists_with_garbage_filters_are_not_500(client, relief, keeper, query):
    client.force_login(keeper)
    assert client.get(reverse("relief:donation_list") + query).status_code in (200, 400)


def test_campaign_end_before_start_is_400(client, relief, keeper, personas):
    client.force_login(keeper)
    before = Campaign.objects.count()
    data = {
        "site": personas.site.pk,
        "title": "倒序",
        "starts_on": "2006-07-10",
        "ends_on": "2006-07-01",
        "store": relief.store.pk,
    }
    response = client.post(reverse("relief:campaign_add"), data)
    assert response.status_code in (200, 400) and response.context["form"].errors
    assert Campaign.objects.count() == before


# The API ---------------------------------------------------------------------------------------


def _api(client, path, data):
    return client.post(f"/api/relief/{path}", data, content_type="application/json")


@pytest.mark.parametrize(
    "over",
    [
        {"amount_yuan": "-1"},
        {"amount_yuan": "0.001"},
        {"amount_yuan": "abc"},
        {"amount_yuan": None, "lines": []},
        {"donor_name": LONG},
        {"received_at": "2999-01-01T00:00:00+08:00"},
        {"lines": [{"item": "abc", "quantity": "1"}]},
        {"lines": [{"quantity": "1"}]},
        {"lines": "nonsense"},
    ],
)
def test_api_donation_bad_input_is_400(client, relief, keeper, over):
    client.force_login(keeper)
    data = {"campaign": relief.campaign.pk, "donor_kind": "other", "donor_name": "甲",
            "amount_yuan": "10", **over}  # fmt: skip
    before = counts()
    response = _api(client, "donations/", data)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert counts() == before


def test_api_other_sites_ids_read_as_unknown(client, relief, keeper):
    client.force_login(keeper)
    before = counts()
    data = {"campaign": relief.other_campaign.pk, "donor_kind": "other", "donor_name": "甲",
            "amount_yuan": "10"}  # fmt: skip
    assert _api(client, "donations/", data).status_code == 400
    data = {"campaign": relief.campaign.pk, "donor_kind": "other", "donor_name": "甲",
            "lines": [{"item": relief.other_water.pk, "quantity": "1"}]}  # fmt: skip
    assert _api(client, "donations/", data).status_code == 400
    assert counts() == before


def test_api_dispatch_beyond_stock_and_duplicate_void_are_400(client, relief, keeper):
    donation = give(relief, keeper, lines=[(relief.water, 3)], amount="5")
    client.force_login(keeper)
    before = counts()
    data = {"campaign": relief.campaign.pk, "destination": "新华镇",
            "lines": [{"item": relief.water.pk, "quantity": "4"}]}  # fmt: skip
    assert _api(client, "dispatches/", data).status_code == 400
    assert counts() == before
    url = f"donations/{donation.pk}/void/"
    assert _api(client, url, {"reason": "错"}).status_code == 204
    second = _api(client, url, {"reason": "错"})
    assert second.status_code in (400, 404)


# The public list -------------------------------------------------------------------------------


def test_public_list_hides_anonymous_names_notes_and_escapes_html(client, relief, keeper):
    give(relief, keeper, donor_name="王秘密", amount="40", is_anonymous=True, note="NOTE-SECRET")
    give(relief, keeper, donor_name=SCRIPT, amount="1")
    site = relief.campaign.site.code
    page = client.get(reverse("relief_public:campaign", args=[site, relief.campaign.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "王秘密" not in text and "NOTE-SECRET" not in text
    assert SCRIPT not in text and "&lt;script&gt;" in text
    assert "keeper" not in text  # the receiver is never shown


def test_public_list_refuses_other_site_private_unknown_and_garbage(client, relief, keeper):
    private = make_campaign(relief.campaign.site, relief.store, title="内部", public=False)
    site = relief.campaign.site.code
    for args in ((site, relief.other_campaign.pk), (site, private.pk), ("nosuch", 1)):
        assert client.get(reverse("relief_public:campaign", args=args)).status_code == 404
    assert client.get(reverse("relief_public:index", args=["nosuch"])).status_code == 404
    assert client.get(f"/public/{site}/relief/abc/").status_code == 404


def test_public_list_drops_voided_donations(client, relief, keeper):
    donation = give(relief, keeper, donor_name="撤销捐赠人", amount="40")
    services.donation_void(donation=donation, by=keeper, reason="重复")
    site = relief.campaign.site.code
    text = client.get(reverse("relief_public:campaign", args=[site, relief.campaign.pk]))
    assert "撤销捐赠人" not in text.content.decode()


# Money ----------------------------------------------------------------------------------------


def test_cash_totals_are_exact_decimals(relief, keeper):
    from houqin.relief.queries import campaign_totals

    for amount in ("0.10", "0.20", "1234567.89"):
        give(relief, keeper, amount=amount)
    totals = campaign_totals(relief.campaign)
    assert totals["cash_total"] == Decimal("1234568.19")
