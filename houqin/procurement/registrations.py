"""Start-up registrations of the procurement module: menu, home cards, metrics, approval kinds,
event labels."""

from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.procurement import approvals  # noqa: F401  (approval kinds)
from houqin.procurement.metrics import savings  # noqa: F401  (register metrics)
from houqin.procurement.queries.projects import home_cards

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "procurement",
        _("Procurement"),
        "cart",
        [
            Item(
                _("New procurement request"),
                "procurement:project_add",
                "procurement.request_project",
            ),
            Item(
                _("My procurement requests"),
                "procurement:project_mine",
                "procurement.request_project",
            ),
            Item(
                _("Procurement project ledger"),
                "procurement:project_list",
                "procurement.view_project",
            ),
            Item(_("Public notices"), "procurement:notice_list", "procurement.view_notice"),
            Item(_("Procurement savings"), "procurement:savings", "procurement.view_project"),
            Item(_("Suppliers"), "procurement:supplier_list", "procurement.view_supplier"),
            Item(
                _("Supplier qualifications"),
                "procurement:qualification_list",
                "procurement.view_qualification",
            ),
            Item(_("Debarment list"), "procurement:debarment_list", "procurement.view_debarment"),
            Item(
                _("Department procurement budgets"),
                "procurement:budget_list",
                "procurement.view_departmentbudget",
            ),
            Item(
                _("Procurement centre"), "procurement:office", "procurement.view_procurementoffice"
            ),
            Item(
                _("Procurement thresholds"),
                "procurement:threshold_list",
                "procurement.view_threshold",
            ),
            Item(
                _("Procurement time limits"),
                "procurement:timelimit_list",
                "procurement.view_timelimit",
            ),
            Item(
                _("Jurisdictions"), "procurement:jurisdiction_list", "procurement.view_jurisdiction"
            ),
        ],
        order=77,
    )
)

dashboard.register(home_cards)


def _portal_sites() -> list[tuple[str, str]]:
    from houqin.procurement.models import ProcurementOffice

    offices = ProcurementOffice.objects.filter(portal_enabled=True, site__is_active=True)
    return list(offices.order_by("site__code").values_list("site__code", "site__name"))


navigation.register_public(
    navigation.PublicPage(_("Procurement information"), "procurement_public:index", _portal_sites)
)

register_event_labels(
    {
        "project_request": _("procurement requested"),
        "project_advance": _("stage recorded"),
        "project_budget_approved": _("budget approved"),
        "project_method_approved": _("method approved"),
        "project_cancel": _("cancelled"),
        "project_fail": _("declared failed"),
        "project_update": _("details changed"),
        "bid_record": _("bid recorded"),
        "bid_evaluate": _("bid evaluated"),
        "notice_publish": _("notice published"),
        "supplier_add": _("supplier added"),
        "supplier_change": _("supplier changed"),
        "qualification_add": _("qualification added"),
        "qualification_change": _("qualification changed"),
        "debarment_add": _("supplier debarred"),
        "debarment_lift": _("debarment lifted"),
        "office_add": _("procurement centre set up"),
        "office_change": _("procurement centre changed"),
        "threshold_add": _("threshold added"),
        "threshold_change": _("threshold changed"),
        "timelimit_add": _("time limit added"),
        "timelimit_change": _("time limit changed"),
        "budget_add": _("budget set"),
        "budget_change": _("budget changed"),
    }
)
