"""Home-page cards of the facilities module: each subject's queries provide its own."""

from houqin.core import dashboard
from houqin.facilities.queries import equipment, maintenance, runlogs, workorders


@dashboard.register
def facilities_cards(request):
    """Expiring certificates, overdue maintenance, open and overdue work orders."""
    return [
        *equipment.dashboard_cards(request),
        *runlogs.dashboard_cards(request),
        *maintenance.dashboard_cards(request),
        *workorders.dashboard_cards(request),
    ]
