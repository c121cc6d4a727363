"""The approvals menu and the home-page card of my pending decisions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.approvals.queries import approvals_pending_for
from houqin.core import dashboard, navigation
from houqin.core.dashboard import Card
from houqin.core.permissions import user_site_ids

# "" is held at every site where the user holds any role: the queue is for anyone with a site.
ANY_SITE = ""

navigation.register(
    navigation.MenuGroup(
        "approvals",
        _("Approvals"),
        "check2-square",
        [
            navigation.MenuItem(_("Awaiting my approval"), "approvals:queue", ANY_SITE),
            navigation.MenuItem(_("My requests"), "approvals:mine", ANY_SITE),
            navigation.MenuItem(
                _("Approval flows"), "approvals:approvalflow_list", "approvals.view_approvalflow"
            ),
        ],
        order=80,
    )
)


@dashboard.register
def approval_cards(request):
    """How many requests wait for my decision (in the chosen site)."""
    if not user_site_ids(request.user) and not request.user.is_superuser:
        return []
    count = approvals_pending_for(request.user).in_scope(request).count()
    return [
        Card(
            _("Awaiting my approval"),
            count,
            reverse("approvals:queue"),
            "check2-square",
            "warning" if count else "secondary",
        )
    ]
