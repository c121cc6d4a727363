"""Home-page cards of alarm linkage and hazards: open alarms and overdue hazards, for the
security roles and the leadership (whoever may see alarms)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard
from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.security.models import Alarm, Hazard
from houqin.security.queries.hazards import security_counts


@dashboard.register
def hazard_cards(request):
    """Alarms awaiting verification and hazards past their deadline."""
    user = request.user
    if not has_perm_at(user, "security.view_alarm"):
        return []
    counts = security_counts(
        alarms=Alarm.objects.restrict(user, "view").in_scope(request),
        hazards=Hazard.objects.restrict(user, "view").in_scope(request),
    )
    return [
        Card(
            _("Alarms awaiting verification"),
            counts["open_alarms"],
            reverse("security:alarm_list") + "?status=open",
            "bell",
            "danger" if counts["open_alarms"] else "secondary",
        ),
        Card(
            _("Overdue hazards"),
            counts["overdue_hazards"],
            reverse("security:hazard_list") + "?overdue=true",
            "exclamation-triangle",
            "danger" if counts["overdue_hazards"] else "secondary",
        ),
    ]
