"""Tables of the relief module (pages and their Excel ledgers)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.relief.choices import DispatchStatus, DonorKind, ReliefCategory
from houqin.stock.tables import OnHandTable


def _void_row(row) -> str:
    return "text-decoration-line-through" if row.voided_at else ""


class CampaignTable(Table):
    detail_url_name = "relief:campaign_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    title = Column(_("Title"), link=True, width=24)
    starts_on = Column(_("Starts on"), width=12, css="nowrap")
    ends_on = Column(_("Ends on"), width=12, css="nowrap")
    store = Column(_("Relief store"), "store__name", width=14)
    list_is_public = Column(_("Donation list public"), width=8)


class DonationTable(Table):
    """The donation ledger (捐赠台帐)."""

    select_related = ("campaign",)
    detail_url_name = "relief:donation_detail"
    row_class = staticmethod(_void_row)
    prefetch_related = ("lines__item",)

    number = Column(_("Receipt number"), link=True, width=16, css="nowrap")
    received_at = Column(pgettext_lazy("relief", "Received at"), width=16, css="nowrap")
    campaign = Column(_("Campaign"), "campaign__title", width=18)
    donor_kind = Column(_("Donor type"), width=10, choices=DonorKind)
    donor_name = Column(_("Donor"), width=20)
    amount_yuan = Column(_("Cash (yuan)"), width=12, css="text-end", numeric=True)
    goods = Column(_("Goods"), lambda row: goods_text(row.lines.all()), width=28)
    voided_at = Column(_("Voided at"), width=16, css="nowrap")


def goods_text(lines) -> str:
    """“矿泉水 100 瓶、方便面 50 公斤” for prefetched lines."""
    return "、".join(
        f"{line.item.name} {format(line.quantity.normalize(), 'f')} {line.item.unit}"
        for line in lines
    )


class PurchaseTable(Table):
    select_related = ("campaign", "project", "project__supplier")
    prefetch_related = ("lines__item",)
    detail_url_name = "relief:purchase_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    received_at = Column(pgettext_lazy("relief", "Received at"), width=16, css="nowrap")
    campaign = Column(_("Campaign"), "campaign__title", width=18)
    project = Column(_("Procurement project"), "project__number", width=16)
    supplier = Column(_("Supplier"), "project__supplier__name", width=20)
    goods = Column(_("Goods"), lambda row: goods_text(row.lines.all()), width=28)


class DispatchTable(Table):
    select_related = ("campaign",)
    prefetch_related = ("lines__item",)
    detail_url_name = "relief:dispatch_detail"
    row_class = staticmethod(_void_row)

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    dispatched_at = Column(_("Dispatched at"), width=16, css="nowrap")
    campaign = Column(_("Campaign"), "campaign__title", width=18)
    destination = Column(_("Destination"), width=20)
    goods = Column(_("Goods"), lambda row: goods_text(row.lines.all()), width=28)
    status = Column(_("Status"), width=10, choices=DispatchStatus)
    signed_by_name = Column(_("Signed for by"), width=12)
    signed_at = Column(_("Signed at"), width=16, css="nowrap")


class ReliefItemTable(Table):
    detail_url_name = "stock:item_detail"

    code = Column(_("Code"), link=True, width=12, css="nowrap")
    name = Column(pgettext_lazy("relief goods", "Name"), width=20)
    spec = Column(_("Specification"), width=14)
    category = Column(_("Relief category"), width=12, choices=ReliefCategory)
    unit = Column(_("Unit"), width=6)
    unit_cost = Column(_("Unit cost (yuan)"), width=10, numeric=True)
    is_active = Column(_("Active"), width=6)


class ReliefOnHandTable(OnHandTable):
    """Relief goods on hand per store, with their category."""

    category = Column(_("Relief category"), "item__category", width=12, choices=ReliefCategory)
