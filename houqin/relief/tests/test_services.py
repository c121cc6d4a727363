"""The relief services: goods move through the stock ledger, shortages are refused with
nothing written, voids follow the ledger's rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from houqin.core.models import Department, Event, Person
from houqin.procurement.choices import Method, ProjectStatus
from houqin.relief import services
from houqin.relief.models import Dispatch, Donation, EmergencyPurchase
from houqin.relief.queries import campaign_totals, public_donations
from houqin.relief.tests.helpers import *  # noqa: F403  (fixtures)
from houqin.relief.tests.helpers import at, give, make_project
from houqin.stock.models import Item, Movement
from houqin.stock.queries import on_hand

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
]


def qty(relief, item) -> Decimal:
    row = on_hand(site_ids=None, store=relief.store, item=item).first()
    return row.quantity if row else Decimal(0)


def test_goods_donation_is_a_receipt_into_the_campaign_store(relief, keeper):
    donation = give(relief, keeper, lines=[(relief.clothes, 538)], amount="15800")
    move = Movement.objects.get(item=relief.clothes)
    assert (move.kind, move.quantity, move.store) == ("receipt", Decimal(538), relief.store)
    assert move.reference == donation and move.party == "长江商贸有限公司"
    assert donation.number.startswith("JK-2006-") and donation.amount_yuan == Decimal("15800.00")
    assert Event.objects.filter(verb="relief_donation_received", object_id=donation.pk).exists()


def test_staff_and_department_donations_take_their_names(relief, keeper, personas):
    person = Person.objects.filter(site=personas.site).first()
    dept = Department.objects.filter(site=personas.site).first()
    by_staff = give(relief, keeper, donor_kind="staff", donor_name="", person=person, amount=50)
    by_dept = give(relief, keeper, donor_kind="department", department=dept, amount=500)
    assert by_staff.donor_name == person.name and by_dept.donor_name == dept.name
    with pytest.raises(ValidationError) as err:
        give(relief, keeper, donor_kind="staff", amount=50)
    assert "person" in err.value.message_dict


@pytest.mark.parametrize(
    "kwargs",
    [
        {"amount": None, "lines": []},
        {"amount": "-5"},
        {"amount": "1.234"},
        {"amount": "abc"},
        {"amount": 10, "donor_name": "  "},
        {"amount": 10, "donor_kind": "alien"},
        {"lines": [("x", 1)]},
    ],
)
def test_bad_donations_are_refused_and_write_nothing(relief, keeper, kwargs):
    if kwargs.get("lines") == [("x", 1)]:
        kwargs["lines"] = [(relief.water, 0)]
    with pytest.raises(ValidationError):
        give(relief, keeper, **kwargs)
    assert not Donation.objects.exists() and not Movement.objects.exists()


def test_other_site_or_other_ledger_goods_are_refused(relief, keeper, personas):
    paper = Item.objects.create(
        site=personas.site, code="P1", name="纸", unit="包", ledger="office"
    )
    for item in (relief.other_water, paper):
        with pytest.raises(ValidationError, match="not a relief item"):
            give(relief, keeper, lines=[(item, 5)])
    assert not Movement.objects.exists()


def test_dispatch_issues_and_refuses_a_shortage_writing_nothing(relief, keeper):
    give(relief, keeper, lines=[(relief.water, 100), (relief.tarp, 50)])
    with pytest.raises(ValidationError) as err:
        services.dispatch_create(
            campaign=relief.campaign, destination="新华镇防汛指挥部", by=keeper,
            dispatched_at=at(2006, 7, 13, 8), lines=[(relief.water, 60), (relief.tarp, 80)],
        )  # fmt: skip
    message = " ".join(err.value.messages)
    assert "防水彩条布" in message and "50 平方米 on hand" in message
    assert not Dispatch.objects.exists() and qty(relief, relief.water) == 100
    assert Movement.objects.filter(kind="issue").count() == 0
    dispatch = services.dispatch_create(
        campaign=relief.campaign, destination="新华镇防汛指挥部", by=keeper,
        dispatched_at=at(2006, 7, 13, 8), lines=[(relief.water, 60)], carrier="鄂A12345 王师傅",
    )  # fmt: skip
    assert qty(relief, relief.water) == 40
    issue = Movement.objects.get(kind="issue")
    assert issue.reference == dispatch and issue.party == "新华镇防汛指挥部"


def test_donation_void_refused_once_its_goods_left(relief, keeper):
    donation = give(relief, keeper, lines=[(relief.water, 100)])
    dispatch = services.dispatch_create(
        campaign=relief.campaign, destination="新华镇", by=keeper,
        dispatched_at=at(2006, 7, 13, 8), lines=[(relief.water, 80)],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="cannot be voided"):
        services.donation_void(donation=donation, by=keeper, reason="录错")
    donation.refresh_from_db()
    assert donation.voided_at is None and qty(relief, relief.water) == 20
    services.dispatch_void(dispatch=dispatch, by=keeper, reason="未发出")
    services.donation_void(donation=donation, by=keeper, reason="录错")
    donation.refresh_from_db()
    assert donation.voided_at is not None and qty(relief, relief.water) == 0
    with pytest.raises(ValidationError):
        services.donation_void(donation=donation, by=keeper, reason="again")


def test_sign_then_no_void_and_no_second_signature(relief, keeper):
    give(relief, keeper, lines=[(relief.bags, 600)])
    dispatch = services.dispatch_create(
        campaign=relief.campaign, destination="新华镇", by=keeper,
        dispatched_at=at(2006, 7, 13, 8), lines=[(relief.bags, 600)],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="before they left"):
        services.dispatch_sign(
            dispatch=dispatch, signed_by_name="李镇长", signed_at=at(2006, 7, 13, 7), by=keeper
        )
    with pytest.raises(ValidationError):
        services.dispatch_sign(dispatch=dispatch, signed_by_name=" ", signed_at=None, by=keeper)
    services.dispatch_sign(
        dispatch=dispatch, signed_by_name="李镇长", signed_at=at(2006, 7, 13, 11), by=keeper
    )
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.signed_by_name) == ("signed", "李镇长")
    with pytest.raises(ValidationError):
        services.dispatch_sign(dispatch=dispatch, signed_by_name="x", signed_at=None, by=keeper)
    with pytest.raises(ValidationError):
        services.dispatch_void(dispatch=dispatch, by=keeper, reason="x")


def test_emergency_purchase_received_from_the_winning_supplier(relief, keeper, personas):
    project = make_project(personas.site)
    purchase = services.purchase_receive(
        campaign=relief.campaign, project=project, by=keeper, received_at=at(2006, 7, 12, 15),
        lines=[(relief.water, 20000, "1.20"), (relief.food, 5000, "6.00")],
    )  # fmt: skip
    assert qty(relief, relief.water) == 20000
    move = Movement.objects.get(item=relief.food)
    assert move.party == project.supplier.name and move.unit_cost == Decimal("6.00")
    assert move.reference == purchase
    with pytest.raises(ValidationError, match="already received"):
        services.purchase_receive(
            campaign=relief.campaign, project=project, by=keeper, received_at=None,
            lines=[(relief.water, 1, "1")],
        )  # fmt: skip


@pytest.mark.parametrize(
    "method,status,site",
    [
        (Method.PUBLIC_TENDER, ProjectStatus.CONTRACTED, "site"),
        (Method.EMERGENCY, ProjectStatus.DRAFT, "site"),
        (Method.EMERGENCY, ProjectStatus.CONTRACTED, "other_site"),
    ],
)
def test_purchase_needs_a_contracted_emergency_project_of_the_site(
    relief, keeper, personas, method, status, site
):
    project = make_project(getattr(personas, site), method=method, status=status)
    with pytest.raises(ValidationError) as err:
        services.purchase_receive(
            campaign=relief.campaign, project=project, by=keeper, received_at=None,
            lines=[(relief.water, 1, "1")],
        )  # fmt: skip
    assert "project" in err.value.message_dict
    assert not EmergencyPurchase.objects.exists() and not Movement.objects.exists()


def test_relief_item_unit_must_match_its_category(personas, keeper):
    item = Item(site=personas.site, code="W9", name="矿泉水", unit="箱", category="water")
    with pytest.raises(ValidationError, match="瓶"):
        services.relief_item_save(item=item, by=keeper)
    item.unit = "瓶"
    services.relief_item_save(item=item, by=keeper)
    assert item.pk and item.ledger == "relief"
    with pytest.raises(ValidationError):
        services.relief_item_save(
            item=Item(site=personas.site, code="X", name="x", unit="个", category="纸"), by=keeper
        )


def test_campaign_totals_and_public_rows(relief, keeper):
    give(relief, keeper, donor_kind="organisation", donor_name="", amount="40360.50")
    give(relief, keeper, amount=100, lines=[(relief.clothes, 38)], is_anonymous=True,
         note="SECRET-NOTE")  # fmt: skip
    give(relief, keeper, lines=[(relief.water, 10)])
    totals = campaign_totals(relief.campaign)
    assert {r["kind"]: r["yuan"] for r in totals["cash"]} == {
        "organisation": Decimal("40360.50"),
        "other": Decimal("100.00"),
    }
    assert {r["category"]: r["donated"] for r in totals["received"]} == {
        "clothing": 38,
        "water": 10,
    }
    rows = public_donations(relief.campaign)
    assert [r["name"] for r in rows] == ["主院区", "Anonymous donor", "长江商贸有限公司"]
    assert "SECRET-NOTE" not in str(rows) and rows[1]["goods"] == "衣物 38 件"


# The campaign's period -----------------------------------------------------------------------


def _close(relief, ends_on) -> None:
    relief.campaign.ends_on = ends_on
    relief.campaign.save(update_fields=["ends_on"])


@pytest.mark.parametrize("when", [at(1906, 7, 12, 9), at(2006, 6, 30, 23, 59)])
def test_donation_before_the_campaign_starts_is_refused(relief, keeper, when):
    with pytest.raises(ValidationError, match="starts on 2006-07-01") as err:
        give(relief, keeper, amount="100", lines=[(relief.water, 5)], when=when)
    assert "received_at" in err.value.message_dict
    assert not Donation.objects.exists() and not Movement.objects.exists()


def test_donation_after_the_campaign_ended_is_refused_on_its_last_day_taken(relief, keeper):
    _close(relief, at(2006, 8, 31).date())
    give(relief, keeper, amount="100", when=at(2006, 8, 31, 23, 30))  # its last day counts
    with pytest.raises(ValidationError, match="ended on 2006-08-31"):
        give(relief, keeper, amount="100", when=at(2006, 9, 1, 0, 5))
    assert Donation.objects.count() == 1


def test_purchase_and_dispatch_outside_the_campaign_are_refused(relief, keeper, personas):
    give(relief, keeper, lines=[(relief.water, 10)])
    _close(relief, at(2006, 8, 31).date())
    project = make_project(personas.site)
    with pytest.raises(ValidationError, match="starts on") as err:
        services.purchase_receive(
            campaign=relief.campaign, project=project, by=keeper, received_at=at(2006, 1, 5, 9),
            lines=[(relief.water, 1, "1")],
        )  # fmt: skip
    assert "received_at" in err.value.message_dict
    with pytest.raises(ValidationError, match="ended on") as err:
        services.dispatch_create(
            campaign=relief.campaign, destination="新华镇", by=keeper,
            dispatched_at=at(2007, 3, 1, 8), lines=[(relief.water, 5)],
        )  # fmt: skip
    assert "dispatched_at" in err.value.message_dict
    assert not EmergencyPurchase.objects.exists() and not Dispatch.objects.exists()
    assert Movement.objects.count() == 1


def test_campaign_is_numbered_in_the_year_it_starts(relief):
    assert relief.campaign.number.startswith("JZ-2006-")
