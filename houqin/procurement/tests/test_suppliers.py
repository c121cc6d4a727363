"""Supplier pages and services: who may open what (wrong role 403, wrong site 404), credit
codes checked and unique per site, expiring qualifications, debarments added and lifted, and
the lists' query counts and Excel export."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from houqin.core.models import Event
from houqin.procurement.models import Bid, Debarment, Jurisdiction, Project, Supplier
from houqin.procurement.queries import suppliers as queries
from houqin.procurement.services import suppliers as services
from houqin.procurement.tests.helpers_suppliers import *  # noqa: F403
from houqin.procurement.tests.helpers_suppliers import CODES, add_qualification, make_supplier

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LISTS = ["supplier_list", "qualification_list", "debarment_list"]


def _get(client, user, name, data=None, **kwargs):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(f"procurement:{name}", kwargs=kwargs or None), data, **EN)


def _post(client, user, name, data, **kwargs):
    client.force_login(user)
    return client.post(reverse(f"procurement:{name}", kwargs=kwargs or None), data, **EN)


def debar(supplier, by, **extra):
    values = {"starts_on": timezone.localdate(), "authority": "市财政局", "reason": "提供虚假材料"}
    return services.debarment_add(debarment=Debarment(supplier=supplier, **values, **extra), by=by)


# Permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_lists_refuse_wrong_role(client, personas, buyer, supplier, name):
    for user in (buyer, personas.leader):
        assert _get(client, user, name).status_code == 200
    for user in (personas.staff, personas.guard, personas.outsider, personas.nobody):
        assert _get(client, user, name).status_code == 403
    client.logout()
    assert _get(client, None, name).status_code == 302


def test_list_shows_only_the_users_sites(client, buyer, supplier, other_supplier):
    body = _get(client, buyer, "supplier_list").content.decode()
    assert supplier.name in body and other_supplier.name not in body


def test_details_refuse_other_site_and_wrong_role(client, personas, buyer, other_buyer, supplier):
    debarment = debar(supplier, buyer)
    for name, pk in (("supplier_detail", supplier.pk), ("debarment_detail", debarment.pk)):
        assert _get(client, buyer, name, pk=pk).status_code == 200
        assert _get(client, personas.leader, name, pk=pk).status_code == 200
        assert _get(client, other_buyer, name, pk=pk).status_code == 404
        assert _get(client, personas.staff, name, pk=pk).status_code == 403


def test_edit_pages_refuse_wrong_role_and_other_site(
    client, personas, buyer, other_buyer, supplier
):
    qualification = add_qualification(supplier, buyer, days=100)
    assert _get(client, buyer, "supplier_add").status_code == 200
    assert _get(client, buyer, "debarment_add", {"supplier": supplier.pk}).status_code == 200
    assert _get(client, buyer, "supplier_edit", pk=supplier.pk).status_code == 200
    assert _get(client, buyer, "qualification_add", supplier=supplier.pk).status_code == 200
    assert _get(client, buyer, "qualification_edit", pk=qualification.pk).status_code == 200
    for name in ("supplier_add", "debarment_add"):
        assert _get(client, personas.leader, name).status_code == 403
    assert _get(client, personas.leader, "supplier_edit", pk=supplier.pk).status_code == 403
    assert _get(client, other_buyer, "supplier_edit", pk=supplier.pk).status_code == 404
    assert _get(client, other_buyer, "qualification_add", supplier=supplier.pk).status_code == 404
    assert _get(client, other_buyer, "qualification_edit", pk=qualification.pk).status_code == 404


# Credit codes --------------------------------------------------------------------------------


def form_data(site, **extra):
    return {"site": site.pk, "name": "新供应商", "credit_code": CODES[2], **extra}


def test_page_registers_a_supplier_with_a_normalised_code(client, personas, buyer):
    data = form_data(personas.site, credit_code="9133 0100 7161 0585 2f", is_active="on")
    response = _post(client, buyer, "supplier_add", data)
    supplier = Supplier.objects.get(name="新供应商")
    assert response.status_code == 302 and response["Location"] == supplier.get_absolute_url()
    assert supplier.credit_code == CODES[2] and supplier.site == personas.site
    assert Event.objects.filter(verb="supplier_add", object_id=supplier.pk).exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91330100716105852G", "check character"),
        ("9133010071610585", "18 characters, not 16"),
        ("91330100716105852I", "cannot appear"),
    ],
)
def test_page_refuses_a_bad_credit_code(client, personas, buyer, code, message):
    response = _post(client, buyer, "supplier_add", form_data(personas.site, credit_code=code))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Supplier.objects.exists()


def test_service_refuses_a_bad_code_and_saves_nothing(personas, buyer, english):
    with pytest.raises(ValidationError) as exc:
        make_supplier(personas.site, buyer, code="91350100M000100Y44")
    assert "check character" in exc.value.message_dict["credit_code"][0]
    assert not Supplier.objects.exists() and not Event.objects.exists()


def test_duplicate_code_per_site_is_refused(client, personas, buyer, other_buyer, supplier):
    data = form_data(personas.site, credit_code=supplier.credit_code.lower())
    response = _post(client, buyer, "supplier_add", data)
    assert response.status_code == 200
    assert "already registered here" in response.content.decode()
    assert Supplier.objects.count() == 1
    # Another site keeps its own registry.
    make_supplier(personas.other_site, other_buyer, code=supplier.credit_code)
    assert Supplier.objects.count() == 2


def test_edit_saves_only_changed_fields(client, personas, buyer, supplier):
    data = form_data(personas.site, name=supplier.name, credit_code=supplier.credit_code)
    data.update(contact_name="王经理", is_active="on")
    response = _post(client, buyer, "supplier_edit", data, pk=supplier.pk)
    supplier.refresh_from_db()
    assert response.status_code == 302 and supplier.contact_name == "王经理"
    assert Event.objects.filter(verb="supplier_change", object_id=supplier.pk).exists()


# Qualifications ------------------------------------------------------------------------------


def test_expiring_qualifications_are_listed_and_marked(client, personas, buyer, supplier):
    soon = add_qualification(supplier, buyer, name="ISO9001", days=10)
    later = add_qualification(supplier, buyer, name="安全生产许可证", days=200)
    past = add_qualification(supplier, buyer, name="旧资质", days=-3)
    add_qualification(supplier, buyer, name="无期限资质")
    expiring = list(queries.qualifications_expiring(supplier.qualifications.all()))
    assert expiring == [soon]
    body = _get(client, buyer, "qualification_list", {"expiring": "true"}).content.decode()
    assert soon.name in body and later.name not in body and past.name not in body
    page = _get(client, buyer, "supplier_detail", pk=supplier.pk).content.decode()
    assert 'data-state="expiring"' in page and 'data-state="expired"' in page
    assert page.count('data-state=""') == 2


def test_qualification_add_through_the_page(client, personas, buyer, supplier):
    until = (timezone.localdate() + timedelta(days=400)).isoformat()
    data = {"name": "营业执照", "certificate_no": "NO-1", "valid_until": until}
    response = _post(client, buyer, "qualification_add", data, supplier=supplier.pk)
    assert response.status_code == 302 and response["Location"] == supplier.get_absolute_url()
    qualification = supplier.qualifications.get()
    assert qualification.site_id == supplier.site_id and qualification.certificate_no == "NO-1"


# Debarments ----------------------------------------------------------------------------------


def test_debarment_added_and_lifted_through_the_pages(client, personas, buyer, supplier):
    today = timezone.localdate()
    data = {
        "supplier": supplier.pk,
        "starts_on": today.isoformat(),
        "authority": "市财政局",
        "reason": "串通投标",
    }
    response = _post(client, buyer, "debarment_add", data)
    debarment = Debarment.objects.get()
    assert response.status_code == 302 and debarment.number.startswith("JY-")
    assert queries.debarment_on(supplier, today) == debarment
    assert (
        'data-testid="debarred"'
        in _get(client, buyer, "supplier_detail", pk=supplier.pk).content.decode()
    )
    assert list(queries.debarments_active(Debarment.objects.all())) == [debarment]
    refused = _post(client, buyer, "debarment_void", {"reason": ""}, pk=debarment.pk)
    assert refused.status_code == 200 and Debarment.objects.get().voided_at is None
    lifted = _post(client, buyer, "debarment_lift", {"reason": "复议撤销"}, pk=debarment.pk)
    debarment.refresh_from_db()
    assert lifted.status_code == 302 and debarment.void_reason == "复议撤销"
    assert queries.debarment_on(supplier, today) is None
    assert Event.objects.filter(verb="debarment_lift", object_id=supplier.pk).exists()


def test_debarment_page_refusals(client, personas, buyer, other_buyer, supplier, english):
    today = timezone.localdate()
    data = {
        "supplier": supplier.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(),
        "authority": "市财政局",
        "reason": "串通投标",
    }
    assert _post(client, buyer, "debarment_add", data).status_code == 200
    assert _post(client, other_buyer, "debarment_add", data).status_code == 200  # not a choice
    assert not Debarment.objects.exists()
    debarment = debar(supplier, buyer)
    assert (
        _post(client, other_buyer, "debarment_lift", {"reason": "x"}, pk=debarment.pk).status_code
        == 404
    )
    assert (
        _post(
            client, personas.leader, "debarment_lift", {"reason": "x"}, pk=debarment.pk
        ).status_code
        == 403
    )
    with pytest.raises(ValidationError):
        debar(supplier, buyer, ends_on=today - timedelta(days=1))


def test_lifting_twice_is_refused(buyer, supplier):
    debarment = debar(supplier, buyer)
    services.debarment_lift(debarment=debarment, by=buyer, reason="复议撤销")
    with pytest.raises(ValidationError):
        services.debarment_lift(debarment=debarment, by=buyer, reason="again")


# History of bids and awards ------------------------------------------------------------------


def test_bids_and_awards_counted_in_one_query(
    client, personas, buyer, supplier, django_assert_num_queries
):
    rival = make_supplier(personas.site, buyer, name="对手公司", code=CODES[3])
    won = make_project(personas.site, supplier=supplier, contract=Decimal("9000.00"))
    lost = make_project(personas.site)
    for project, price in ((won, "9000"), (lost, "5000")):
        Bid.objects.create(
            site=personas.site, project=project, supplier=supplier, price_yuan=Decimal(price)
        )
        Bid.objects.create(
            site=personas.site, project=project, supplier=rival, price_yuan=Decimal("9999")
        )
    with django_assert_num_queries(1):
        rows = {s.pk: s for s in queries.with_history(Supplier.objects.all())}
    mine = rows[supplier.pk]
    assert (mine.bid_count, mine.bid_yuan) == (2, Decimal("14000.00"))
    assert (mine.award_count, mine.award_yuan) == (1, Decimal("9000.00"))
    assert (rows[rival.pk].bid_count, rows[rival.pk].award_count) == (2, 0)
    page = _get(client, buyer, "supplier_detail", pk=supplier.pk).content.decode()
    assert 'data-testid="award-yuan">9000.00<' in page and won.title in page


def make_project(site, *, supplier=None, contract=None) -> Project:
    from houqin.core.models import Department

    return Project.objects.create(
        site=site,
        number=f"CG-2026-{Project.objects.count() + 1:05d}",
        title=f"项目{Project.objects.count() + 1}",
        department=Department.objects.filter(site=site).first(),
        object_type="goods",
        funding_source="fiscal",
        budget_yuan=Decimal("10000.00"),
        method="public_tender",
        jurisdiction=Jurisdiction.objects.get(code="cn"),
        supplier=supplier,
        contract_yuan=contract,
    )


# Lists: query counts and the Excel ledger -----------------------------------------------------


def test_list_queries_do_not_grow_with_rows(
    client, personas, buyer, supplier, django_assert_max_num_queries
):
    for i in range(12):
        code = f"91350100M{i:08d}"
        from houqin.utils.creditcode import credit_code_check_char

        make_supplier(
            personas.site, buyer, name=f"公司{i:02d}", code=code + credit_code_check_char(code)
        )
        debar(Supplier.objects.get(name=f"公司{i:02d}"), buyer)
        add_qualification(Supplier.objects.get(name=f"公司{i:02d}"), buyer, days=5)
    client.force_login(buyer)
    for name in LISTS:
        with django_assert_max_num_queries(12):
            response = client.get(reverse(f"procurement:{name}"))
        assert response.status_code == 200


def test_supplier_list_search_and_export(client, personas, buyer, supplier):
    make_supplier(personas.site, buyer, name="其他公司", code=CODES[3])
    body = _get(client, buyer, "supplier_list", {"q": supplier.credit_code.lower()}).content
    assert supplier.name in body.decode() and "其他公司" not in body.decode()
    response = _get(client, buyer, "supplier_list", {"q": "闽发", "export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert supplier.credit_code in cells and "其他公司" not in cells
