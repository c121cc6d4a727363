"""Relief pages: who may see and write what, the receipt and the slip, the public list (no
login, nothing private), query counts of the lists and the Excel ledger."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from houqin.core.models import Person
from houqin.relief import services
from houqin.relief.models import Dispatch, Donation
from houqin.relief.tests.helpers import *  # noqa: F403  (fixtures)
from houqin.relief.tests.helpers import at, give, make_campaign

pytestmark = [pytest.mark.django_db]

LISTS = [
    "relief:campaign_list",
    "relief:donation_list",
    "relief:purchase_list",
    "relief:dispatch_list",
    "relief:stock",
    "relief:item_list",
]
PHONE, NOTE = "13900007777", "NOTE-MARKER-42"


@pytest.fixture
def flood(relief, keeper, personas):
    """A staff donation (phone on file, private note), an anonymous one, goods, a dispatch."""
    person = Person.objects.filter(site=personas.site).first()
    person.phone = PHONE
    person.save()
    staff = give(relief, keeper, donor_kind="staff", person=person, amount="15800", note=NOTE)
    hidden = give(relief, keeper, donor_name="王秘密", amount="40360.50", is_anonymous=True,
                  lines=[(relief.clothes, 538), (relief.water, 100)])  # fmt: skip
    dispatch = services.dispatch_create(
        campaign=relief.campaign, destination="新华镇防汛指挥部", by=keeper,
        dispatched_at=at(2006, 7, 13, 8), lines=[(relief.water, 60)], carrier="鄂A12345",
    )  # fmt: skip
    return {"staff": staff, "hidden": hidden, "dispatch": dispatch}


@pytest.mark.parametrize("name", LISTS)
def test_lists_storekeeper_and_leadership_read_staff_refused(client, personas, keeper, name):
    for user, code in ((keeper, 200), (personas.leader, 200), (personas.staff, 403)):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == code, (user, name)


def test_details_and_papers_other_site_is_404(client, flood, keeper, other_keeper, personas):
    dispatch, donation = flood["dispatch"], flood["hidden"]
    urls = [
        reverse("relief:campaign_detail", args=[donation.campaign_id]),
        reverse("relief:donation_detail", args=[donation.pk]),
        reverse("relief:donation_receipt", args=[donation.pk]),
        reverse("relief:dispatch_detail", args=[dispatch.pk]),
        reverse("relief:dispatch_slip", args=[dispatch.pk]),
    ]
    for user, code in ((keeper, 200), (personas.leader, 200), (other_keeper, 404)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == code, (user, url)
    client.force_login(personas.staff)
    assert client.get(urls[0]).status_code == 403


def test_write_pages_storekeeper_only(client, relief, keeper, personas, flood):
    sign = reverse("relief:dispatch_sign", args=[flood["dispatch"].pk])
    adds = ["relief:campaign_add", "relief:donation_add", "relief:purchase_add"]
    adds += ["relief:dispatch_add", "relief:item_add"]
    for user, code in ((keeper, 200), (personas.leader, 403), (personas.staff, 403)):
        client.force_login(user)
        for name in adds:
            assert client.get(reverse(name)).status_code == code, (user, name)
        assert client.get(sign).status_code == code


def test_record_a_donation_through_the_page(client, relief, keeper):
    client.force_login(keeper)
    data = {
        "campaign": relief.campaign.pk, "donor_kind": "other", "donor_name": "爱心企业",
        "amount_yuan": "2000", "received_at": "2006-07-12T10:00",
        "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
        "lines-0-item": relief.food.pk, "lines-0-quantity": "50",
        "lines-1-item": "", "lines-1-quantity": "",
    }  # fmt: skip
    response = client.post(reverse("relief:donation_add"), data)
    assert response.status_code == 302
    donation = Donation.objects.get(donor_name="爱心企业")
    assert donation.amount_yuan == Decimal("2000.00") and donation.lines.get().quantity == 50
    receipt = client.get(reverse("relief:donation_receipt", args=[donation.pk])).content.decode()
    assert (
        "人民币贰仟元整" in receipt and donation.number in receipt and "方便面 50 公斤" in receipt
    )


def test_bad_donation_form_is_a_400_with_nothing_written(client, relief, keeper):
    client.force_login(keeper)
    data = {"campaign": relief.campaign.pk, "donor_kind": "other", "donor_name": "x",
            "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(reverse("relief:donation_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Enter an amount of cash or at least one line of goods." in response.content.decode()
    assert not Donation.objects.exists()


def test_dispatch_shortage_page_and_signed_for(client, flood, relief, keeper):
    client.force_login(keeper)
    data = {
        "campaign": relief.campaign.pk, "destination": "沙口镇", "dispatched_at": "",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
        "lines-0-item": relief.water.pk, "lines-0-quantity": "41",
    }  # fmt: skip
    response = client.post(reverse("relief:dispatch_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "40 瓶 on hand" in response.content.decode()
    assert Dispatch.objects.count() == 1
    dispatch = flood["dispatch"]
    sign = reverse("relief:dispatch_sign", args=[dispatch.pk])
    response = client.post(sign, {"signed_by_name": "李镇长", "signed_at": "", "note": ""})
    assert response.status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.status == "signed"
    slip = client.get(reverse("relief:dispatch_slip", args=[dispatch.pk])).content.decode()
    assert "李镇长" in slip and "新华镇防汛指挥部" in slip


def test_campaign_page_shows_totals(client, flood, relief, keeper):
    client.force_login(keeper)
    page = client.get(reverse("relief:campaign_detail", args=[relief.campaign.pk]))
    text = page.content.decode()
    assert "56160.50" in text and "538" in text and flood["hidden"].number in text


def test_public_pages_anonymous_and_private_fields_hidden(client, flood, relief, personas):
    index = client.get(reverse("relief_public:index", kwargs={"site": "main"}))
    assert index.status_code == 200 and relief.campaign.title in index.content.decode()
    url = reverse("relief_public:campaign", kwargs={"site": "main", "pk": relief.campaign.pk})
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "王秘密" not in text and flood["staff"].donor_name in text
    assert "40360.50" in text and "衣物 538 件" in text
    for secret in (PHONE, NOTE, "keeper", f"/people/{flood['staff'].person_id}/"):
        assert secret not in text


def test_public_list_not_public_or_other_site_is_404(client, relief, personas):
    hidden = make_campaign(personas.site, relief.store, "内部", public=False)
    for site, pk in (("main", hidden.pk), ("main", relief.other_campaign.pk), ("nope", 1)):
        url = reverse("relief_public:campaign", kwargs={"site": site, "pk": pk})
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["relief:donation_list", "relief:dispatch_list"])
def test_list_query_counts(client, relief, keeper, django_assert_max_num_queries, name):
    for i in range(12):
        give(relief, keeper, amount=i + 1, lines=[(relief.water, 10)])
        services.dispatch_create(
            campaign=relief.campaign, destination=f"镇{i}", by=keeper, dispatched_at=None,
            lines=[(relief.water, 5)],
        )  # fmt: skip
    client.force_login(keeper)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200


def test_donation_ledger_exports_to_excel(client, flood, keeper):
    client.force_login(keeper)
    response = client.get(reverse("relief:donation_list") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)
                          if response.streaming else response.content)).active  # fmt: skip
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert flood["hidden"].number in cells and "王秘密" in cells


def test_receive_emergency_purchase_and_add_relief_item_pages(client, relief, keeper, personas):
    from houqin.relief.tests.helpers import make_project
    from houqin.stock.models import Item

    project = make_project(personas.site)
    client.force_login(keeper)
    data = {
        "campaign": relief.campaign.pk, "project": project.pk, "received_at": "",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
        "lines-0-item": relief.tarp.pk, "lines-0-quantity": "3200", "lines-0-unit_cost": "3.00",
    }  # fmt: skip
    assert client.post(reverse("relief:purchase_add"), data).status_code == 302
    purchase = relief.campaign.purchases.get()
    assert purchase.lines.get().quantity == 3200
    detail = client.get(reverse("relief:purchase_detail", args=[purchase.pk]))
    assert detail.status_code == 200 and project.supplier.name in detail.content.decode()
    stock = client.get(reverse("relief:stock") + "?export=xlsx")
    assert stock.status_code == 200
    page = client.get(reverse("relief:purchase_add")).content.decode()
    assert project.title not in page  # one purchase per project
    item = {"site": personas.site.pk, "code": "C9", "name": "棉被", "category": "clothing",
            "unit": "条", "is_active": "on"}  # fmt: skip
    response = client.post(reverse("relief:item_add"), item, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "counted in 件" in response.content.decode()
    item["unit"] = "件"
    assert client.post(reverse("relief:item_add"), item).status_code == 302
    assert Item.objects.get(code="C9").ledger == "relief"


def test_void_donation_page_refused_when_goods_left(client, flood, keeper):
    client.force_login(keeper)
    url = reverse("relief:donation_void", args=[flood["hidden"].pk])
    response = client.post(url, {"reason": "录错"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "cannot be voided" in response.content.decode()
    flood["hidden"].refresh_from_db()
    assert flood["hidden"].voided_at is None
    staff_donation = reverse("relief:donation_void", args=[flood["staff"].pk])
    assert client.post(staff_donation, {"reason": "录错"}).status_code == 302


# Words of the relief pages (their own msgids, not another module's) ---------------------------


def test_relief_pages_do_not_borrow_other_modules_words(client, flood, relief, keeper):
    """In Chinese, "received at" is not a shift takeover (接班时间) nor the receiver a shift
    successor (接班人): the relief meanings have their own msgids."""
    client.force_login(keeper)
    pages = [
        reverse("relief:campaign_detail", args=[relief.campaign.pk]),
        reverse("relief:donation_list"),
        reverse("relief:purchase_list"),
        reverse("relief:donation_add"),
        reverse("relief:donation_receipt", args=[flood["hidden"].pk]),
        reverse("relief:item_list"),
    ]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        text = response.content.decode()
        assert response.status_code == 200, url
        assert "接班" not in text, url
        assert "<th>姓名" not in text, url  # a relief item has a name (名称), not a person's


def test_public_relief_pages_name_each_language_in_its_own_words(client, flood, relief):
    urls = [
        reverse("relief_public:index", kwargs={"site": "main"}),
        reverse("relief_public:campaign", kwargs={"site": "main", "pk": relief.campaign.pk}),
    ]
    for url in urls:
        text = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert ">English</option>" in text and ">简体中文</option>" in text, url
        assert "英语" not in text, url
