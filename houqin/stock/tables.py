"""List tables (and Excel ledger columns) of the stock ledger."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core.tables import Column, Table
from houqin.stock.choices import MovementKind
from houqin.stock.registry import ledger_label


def _ledger(row) -> str:
    return ledger_label(row.ledger)


class StoreTable(Table):
    """The stores of the compound."""

    select_related = ("location", "keeper")
    detail_url_name = "stock:store_detail"

    code = Column(_("Code"), link=True, width=10, css="nowrap")
    name = Column(_("Name"), width=20)
    location = Column(_("Location"), "location__name", width=16)
    keeper = Column(_("Storekeeper"), "keeper__name", width=12)
    is_active = Column(_("Active"), width=6)


class ItemTable(Table):
    """The catalogue of stock items."""

    detail_url_name = "stock:item_detail"

    code = Column(_("Code"), link=True, width=12, css="nowrap")
    name = Column(_("Name"), width=20)
    spec = Column(_("Specification"), width=14)
    unit = Column(_("Unit"), width=6)
    ledger = Column(_("Ledger"), _ledger, width=10)
    category = Column(_("Category"), width=12)
    reorder_level = Column(_("Reorder level"), width=10, numeric=True)
    unit_cost = Column(_("Unit cost (yuan)"), width=10, numeric=True)
    is_active = Column(_("Active"), width=6)


def _low(row) -> str:
    level = row.item.reorder_level
    return "table-warning" if level is not None and row.quantity <= level else ""


class OnHandTable(Table):
    """The stock ledger (库存台帐): quantity and value on hand per store and item."""

    detail_url_name = "stock:item_detail"
    row_class = staticmethod(_low)

    store = Column(_("Store"), "store__name", width=14)
    code = Column(_("Code"), "item__code", width=12, css="nowrap")
    item = Column(pgettext_lazy("stock", "Item"), "item__name", width=20)
    spec = Column(_("Specification"), "item__spec", width=14)
    unit = Column(_("Unit"), "item__unit", width=6)
    quantity = Column(_("On hand"), width=10, css="text-end", numeric=True)
    reorder_level = Column(_("Reorder level"), "item__reorder_level", width=10, numeric=True)
    unit_cost = Column(_("Unit cost (yuan)"), "item__unit_cost", width=10, numeric=True)
    value = Column(_("Value (yuan)"), width=12, css="text-end", numeric=True)

    def _link(self):
        return lambda row: row.item.get_absolute_url()


class MovementTable(Table):
    """The ledger of goods in and out (出入库台帐)."""

    select_related = ("store", "item")
    detail_url_name = "stock:movement_detail"
    row_class = staticmethod(lambda row: "text-decoration-line-through" if row.voided_at else "")

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    moved_at = Column(_("Moved at"), width=16, css="nowrap")
    kind = Column(_("Kind"), "kind", width=10, choices=MovementKind)
    store = Column(_("Store"), "store__name", width=14)
    item = Column(pgettext_lazy("stock", "Item"), "item__name", width=18)
    spec = Column(_("Specification"), "item__spec", width=12)
    quantity = Column(_("Quantity"), width=10, css="text-end", numeric=True)
    unit = Column(_("Unit"), "item__unit", width=6)
    unit_cost = Column(_("Unit cost (yuan)"), width=10, numeric=True)
    party = Column(_("Party"), width=16)
    reference_text = Column(_("Reference"), width=14)
    voided_at = Column(_("Voided at"), width=16, css="nowrap")


class StockTakeTable(Table):
    """The stock-takes of the stores."""

    select_related = ("store", "created_by")
    detail_url_name = "stock:stocktake_detail"

    number = Column(_("Number"), link=True, width=16, css="nowrap")
    counted_at = Column(_("Counted at"), width=16, css="nowrap")
    store = Column(_("Store"), "store__name", width=14)
    created_by = Column(_("Counted by"), "created_by", width=12)
    note = Column(_("Note"), width=20)
