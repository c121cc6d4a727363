"""Start-up registrations of the outreach module: menu, home cards, metrics, scan purposes,
event labels."""

from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.outreach import scan  # noqa: F401  (scan purposes)
from houqin.outreach.metrics import health, library, publicity  # noqa: F401  (register metrics)
from houqin.outreach.queries import library as library_queries

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "outreach",
        _("Science centre"),
        "book",
        [
            Item(_("Catalogue"), "outreach:book_list", "outreach.view_book"),
            Item(_("My loans"), "outreach:my_loans", "outreach.borrow_loan"),
            Item(_("Library desk"), "outreach:desk", "outreach.add_loan"),
            Item(_("Loans"), "outreach:loan_list", "outreach.view_loan"),
            Item(_("Copies"), "outreach:bookcopy_list", "outreach.view_bookcopy"),
            Item(_("Stock-takes"), "outreach:stocktake_list", "outreach.view_stocktake"),
            Item(_("Borrowing statistics"), "outreach:loan_statistics", "outreach.view_loan"),
            Item(_("Book a health session"), "outreach:session_book", "outreach.add_healthbooking"),
            Item(_("Health sessions"), "outreach:session_list", "outreach.view_healthsession"),
            Item(_("Health experts"), "outreach:expert_list", "outreach.view_expert"),
            Item(
                _("Health consultations"),
                "outreach:consultation_list",
                "outreach.view_consultation",
            ),
            Item(
                _("Consultation statistics"),
                "outreach:health_statistics",
                "outreach.view_consultation",
            ),
            Item(_("Publicity boards"), "outreach:board_list", "outreach.view_publicityboard"),
            Item(_("Board issues"), "outreach:issue_list", "outreach.view_boardissue"),
            Item(_("Publicity materials"), "outreach:material_list", "outreach.view_material"),
            Item(
                _("Materials handed out"),
                "outreach:distribution_list",
                "outreach.view_distribution",
            ),
            Item(_("Volunteers"), "outreach:volunteer_list", "outreach.view_volunteer"),
            Item(
                _("Volunteer activities"),
                "outreach:activity_list",
                "outreach.view_volunteeractivity",
            ),
            Item(
                _("Investment in the centre"),
                "outreach:investment_list",
                "outreach.view_investment",
            ),
        ],
        order=80,
    )
)

dashboard.register(library_queries.home_cards)

register_event_labels(
    {
        "catalogue": _("catalogued"),
        "recatalogue": _("catalogue entry changed"),
        "copy_add": _("copy added"),
        "withdraw": _("withdrawn from stock"),
        "lend": _("lent"),
        "return": _("returned"),
        "renew": _("renewed"),
        "hold": _("hold placed"),
        "hold_cancel": _("hold cancelled"),
        "hold_ready": _("copy kept for a hold"),
        "stocktake_start": _("stock-take started"),
        "stocktake_finish": _("stock-take finished"),
        "expert_created": _("expert added"),
        "expert_changed": _("expert changed"),
        "session_created": _("session scheduled"),
        "session_changed": _("session changed"),
        "session_cancelled": _("session cancelled"),
        "session_booked": _("place booked"),
        "booking_cancelled": _("booking cancelled"),
        "attendance_marked": _("attendance marked"),
        "consultation_logged": _("consultation logged"),
        "consultations_logged": _("consultations logged"),
        "board_created": _("board added"),
        "board_changed": _("board changed"),
        "issue_published": _("issue put up"),
        "issue_changed": _("issue changed"),
        "issue_taken_down": _("issue taken down"),
        "material_created": _("material added"),
        "material_changed": _("material changed"),
        "distribution_recorded": _("materials handed out"),
        "volunteer_enrolled": _("volunteer enrolled"),
        "volunteer_updated": _("volunteer updated"),
        "activity_created": _("activity added"),
        "activity_changed": _("activity changed"),
        "investment_recorded": _("investment recorded"),
    }
)
