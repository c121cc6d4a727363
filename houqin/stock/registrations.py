"""Start-up registrations of the stock ledger: its uses (ledgers), menu, home card and event
labels. A module that keeps goods registers its own ledger with ``register_ledger``."""

from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.stock.queries import home_cards
from houqin.stock.registry import register_ledger

register_ledger("office", _("office supplies"))
register_ledger("relief", _("relief goods"))
register_ledger("parts", _("spare parts"))

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "stock",
        _("Stores"),
        "box-seam",
        [
            Item(_("Stock on hand"), "stock:on_hand", "stock.view_stockslot"),
            Item(_("Receive goods"), "stock:receive", "stock.add_movement"),
            Item(_("Issue goods"), "stock:issue", "stock.add_movement"),
            Item(_("Goods returned"), "stock:return", "stock.add_movement"),
            Item(_("Transfer between stores"), "stock:transfer", "stock.add_movement"),
            Item(_("Goods in and out"), "stock:movement_list", "stock.view_movement"),
            Item(_("Stock-takes"), "stock:stocktake_list", "stock.view_stocktake"),
            Item(_("Stock items"), "stock:item_list", "stock.view_item"),
            Item(_("Store list"), "stock:store_list", "stock.view_store"),
        ],
        order=78,
    )
)

dashboard.register(home_cards)

register_event_labels(
    {
        "stock_receipt": _("goods received"),
        "stock_issue": _("goods issued"),
        "stock_return": _("goods returned"),
        "stock_transfer_out": _("transferred out"),
        "stock_transfer_in": _("transferred in"),
        "stock_adjustment": _("stock-take adjustment"),
        "stocktake_record": _("stock-take recorded"),
        "store_created": _("store added"),
        "store_changed": _("store changed"),
        "item_created": _("item added"),
        "item_changed": _("item changed"),
    }
)
