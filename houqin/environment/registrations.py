"""Start-up registrations of the environment module: menu, home cards, metrics, route kinds,
scan purposes, event labels."""

from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.environment import rounds, stations  # noqa: F401  (route kinds)
from houqin.environment.metrics import cleaning, greening, pests  # noqa: F401  (register metrics)
from houqin.environment.queries import cleaning as cleaning_queries
from houqin.environment.queries import greening as greening_queries

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "environment",
        _("Environment"),
        "tree",
        [
            Item(_("Cleaning zones"), "environment:zone_list", "environment.view_cleaningzone"),
            Item(
                _("Zone inspections"),
                "environment:inspection_list",
                "environment.view_cleaningzone",
            ),
            Item(
                _("Zone rectifications"),
                "environment:rectification_list",
                "environment.view_zonerectification",
            ),
            Item(_("Zone ranking"), "environment:zone_ranking", "environment.view_cleaningzone"),
            Item(
                _("Greening contracts"),
                "environment:contract_list",
                "environment.view_greeningcontract",
            ),
            Item(
                _("Greening contractors"),
                "environment:contractor_list",
                "environment.view_greeningcontractor",
            ),
            Item(
                _("Record an acceptance check"),
                "environment:check_add",
                "environment.add_acceptancecheck",
            ),
            Item(
                _("Acceptance checks"), "environment:check_list", "environment.view_acceptancecheck"
            ),
            Item(
                _("Greening payments"),
                "environment:instalment_list",
                "environment.view_paymentinstalment",
            ),
            Item(_("Density surveys"), "environment:survey_list", "environment.view_pestsurvey"),
            Item(
                _("Pest control records"),
                "environment:action_list",
                "environment.view_pestcontrolaction",
            ),
            Item(
                _("Density-control standards"),
                "environment:standard_list",
                "environment.view_peststandard",
            ),
        ],
        order=75,
    )
)

dashboard.register(cleaning_queries.dashboard_cards)
dashboard.register(greening_queries.dashboard_cards)

register_event_labels(
    {
        "zone_failed": _("failed item to rectify"),
        "zone_rectified": _("rectification reported"),
        "zone_recheck_passed": _("re-checked and passed"),
        "zone_recheck_failed": _("re-check failed"),
        "zone_inspected": _("zone inspected"),
        "zone_spot_check": _("zone spot-checked"),
        "round_started": _("spot round started"),
        "pest_survey": _("density survey recorded"),
        "contractor_add": _("contractor added"),
        "contractor_change": _("contractor changed"),
        "contract_add": _("contract signed"),
        "contract_change": _("contract changed"),
        "contract_warned": _("expiry warned"),
        "check_record": _("acceptance check recorded"),
        "instalment_approve": _("payment approved"),
        "instalment_withhold": _("payment withheld"),
        "instalment_pay": _("payment made"),
        "pest_control": _("control action recorded"),
    }
)
