"""Start-up registrations of the energy and supplies module: menu, home cards, metrics, event
labels, the approval kind of requisitions."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.energy import approvals  # noqa: F401  (register the requisition approval kind)
from houqin.energy.metrics import energy  # noqa: F401  (register metrics)
from houqin.energy.queries.home import home_cards

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "energy",
        _("Energy saving"),
        "lightning-charge",
        [
            Item(_("Enter a reading"), "energy:reading_add", "energy.add_reading"),
            Item(_("Meter readings"), "energy:reading_list", "energy.view_reading"),
            Item(
                _("Readings awaiting review"),
                "energy:reading_review_queue",
                "energy.review_reading",
            ),
            Item(_("Import readings"), "energy:reading_import", "energy.import_reading"),
            Item(_("Energy and water use"), "energy:consumption", "energy.view_reading"),
            Item(_("Energy statistics"), "energy:statistics", "energy.view_reading"),
            Item(_("Running costs saved"), "energy:savings", "energy.view_reading"),
            Item(_("Meters"), "energy:meter_list", "energy.view_meter"),
            Item(_("Tariffs"), "energy:tariff_list", "energy.view_tariff"),
            Item(
                _("Standard-coal factors"),
                "energy:conversionfactor_list",
                "energy.view_conversionfactor",
            ),
            Item(_("Statistics base"), "energy:energyyear_list", "energy.view_energyyear"),
            Item(_("Running-cost budgets"), "energy:energybudget_list", "energy.view_energybudget"),
        ],
        order=76,
    )
)

navigation.register(
    navigation.MenuGroup(
        "supplies",
        _("Office supplies"),
        "paperclip",
        [
            Item(_("Ask for supplies"), "energy:requisition_add", "energy.add_requisition"),
            Item(
                _("My department's requisitions"),
                "energy:requisition_mine",
                "energy.add_requisition",
            ),
            Item(
                _("Requisitions to issue"), "energy:requisition_queue", "energy.issue_requisition"
            ),
            Item(_("All requisitions"), "energy:requisition_list", "energy.view_requisition"),
            Item(_("Supplies catalogue"), "energy:supplies_catalogue", "energy.view_requisition"),
            Item(
                _("Supplies cost by department"), "energy:supplies_cost", "energy.view_requisition"
            ),
        ],
        order=77,
    )
)

dashboard.register(home_cards)

register_event_labels(
    {
        "meter_replace": _("meter replaced"),
        "reading_void": _("reading voided"),
        "reading_review": _("flagged reading confirmed"),
        "tariff_prices": _("tariff prices changed"),
        "factor_change": _("standard-coal factor changed"),
        "requisition_submit": _("requisition submitted"),
        "requisition_approved": pgettext_lazy("requisition", "approved"),
        "requisition_rejected": pgettext_lazy("requisition", "rejected"),
        "requisition_withdrawn": pgettext_lazy("requisition", "withdrawn"),
        "requisition_issue": _("supplies issued"),
        "requisition_withdraw": _("withdrawn by the requester"),
    }
)
