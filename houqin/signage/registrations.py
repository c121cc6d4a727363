"""Start-up registrations of the signage module (menu, cards, metrics, approval kind)."""

from django.utils.translation import gettext_lazy as _

from houqin.core import navigation
from houqin.core.generic import register_event_labels
from houqin.signage import metrics  # noqa: F401  (registers the metric source)
from houqin.signage.services import register_message_approval

navigation.register(
    navigation.MenuGroup(
        "signage",
        _("Info screens"),
        "display",
        [
            navigation.MenuItem(_("Messages"), "signage:message_list", "signage.view_message"),
            navigation.MenuItem(_("New message"), "signage:message_add", "signage.add_message"),
            navigation.MenuItem(_("Screens"), "signage:screen_list", "signage.view_screen"),
        ],
        order=65,
    )
)

register_event_labels(
    {
        "message_submit": _("sent for approval"),
        "message_withdraw": _("taken back"),
        "screen_token_renew": _("display address renewed"),
    }
)

register_message_approval()
