"""Start-up registrations of the relief module: menu, home cards, metrics, event labels."""

from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.relief import metrics  # noqa: F401  (register metrics)
from houqin.relief.queries import home_cards

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "relief",
        _("Disaster relief"),
        "heart",
        [
            Item(_("Relief campaigns"), "relief:campaign_list", "relief.view_campaign"),
            Item(_("Record a donation"), "relief:donation_add", "relief.add_donation"),
            Item(_("Donation ledger"), "relief:donation_list", "relief.view_donation"),
            Item(_("Dispatch goods"), "relief:dispatch_add", "relief.add_dispatch"),
            Item(_("Dispatches"), "relief:dispatch_list", "relief.view_dispatch"),
            Item(
                _("Emergency purchases"),
                "relief:purchase_list",
                "relief.view_emergencypurchase",
            ),
            Item(_("Relief goods on hand"), "relief:stock", "relief.view_campaign"),
            Item(_("Relief goods"), "relief:item_list", "relief.view_campaign"),
        ],
        order=79,
    )
)

dashboard.register(home_cards)


def _listing_sites() -> list[tuple[str, str]]:
    from houqin.relief.models import Campaign

    public = Campaign.objects.filter(
        list_is_public=True, voided_at__isnull=True, site__is_active=True
    )
    return list(public.order_by("site__code").values_list("site__code", "site__name").distinct())


navigation.register_public(
    navigation.PublicPage(_("Relief donations"), "relief_public:index", _listing_sites)
)

register_event_labels(
    {
        "relief_campaign_created": _("campaign created"),
        "relief_campaign_changed": _("campaign changed"),
        "relief_donation_received": _("donation received"),
        "relief_purchase_received": _("emergency purchase received"),
        "relief_dispatch_sent": _("goods dispatched"),
        "relief_dispatch_signed": _("signed for at destination"),
    }
)
