"""The security module's menu and home-page cards."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.dashboard import Card
from houqin.core.permissions import has_perm_at
from houqin.security.models import Visit
from houqin.security.queries.visitors import gate_counts

navigation.register(
    navigation.MenuGroup(
        "security",
        _("Gate and visitors"),
        "shield-lock",
        [
            navigation.MenuItem(_("Gate"), "security:gate", "security.add_visit"),
            navigation.MenuItem(
                _("Check in a visitor"), "security:visit_add", "security.add_visit"
            ),
            navigation.MenuItem(_("Visitor ledger"), "security:visit_list", "security.view_visit"),
            navigation.MenuItem(
                _("Invite a visitor"), "security:invitation_add", "security.add_invitation"
            ),
            navigation.MenuItem(
                _("Visitor invitations"), "security:invitation_list", "security.add_invitation"
            ),
            navigation.MenuItem(
                _("Blacklist"), "security:blacklistentry_list", "security.view_blacklistentry"
            ),
        ],
        order=10,
    )
)


navigation.register(
    navigation.MenuGroup(
        "duty",
        _("Duty"),
        "calendar-week",
        [
            navigation.MenuItem(_("My shifts"), "security:my_shifts", "security.view_assignment"),
            navigation.MenuItem(
                _("Open today's duty log"), "security:dutylog_open", "security.add_dutylog"
            ),
            navigation.MenuItem(_("Duty log"), "security:dutylog_list", "security.view_dutylog"),
            navigation.MenuItem(_("Duty rosters"), "security:roster_list", "security.view_roster"),
            navigation.MenuItem(
                _("Generate a roster"), "security:roster_generate", "security.add_roster"
            ),
            navigation.MenuItem(
                _("Swap requests"), "security:swaprequest_list", "security.view_swaprequest"
            ),
            navigation.MenuItem(_("Duty posts"), "security:dutypost_list", "security.add_dutypost"),
            navigation.MenuItem(_("Shifts"), "security:dutyshift_list", "security.add_dutyshift"),
            navigation.MenuItem(
                _("Leave and absences"), "security:absence_list", "security.view_absence"
            ),
            navigation.MenuItem(
                _("Special protection periods"),
                "security:specialperiod_list",
                "security.view_specialperiod",
            ),
        ],
        order=20,
    )
)


navigation.register(
    navigation.MenuGroup(
        "hazards",
        _("Hazards and incidents"),
        "exclamation-triangle",
        [
            navigation.MenuItem(_("Report a hazard"), "security:hazard_add", "security.add_hazard"),
            navigation.MenuItem(_("Hazard ledger"), "security:hazard_list", "security.view_hazard"),
            navigation.MenuItem(_("Raise an alarm"), "security:alarm_add", "security.add_alarm"),
            navigation.MenuItem(_("Alarms"), "security:alarm_list", "security.view_alarm"),
            navigation.MenuItem(_("Cameras"), "security:camera_list", "security.view_camera"),
            navigation.MenuItem(
                _("Incident register"), "security:incident_list", "security.view_incident"
            ),
        ],
        order=40,
    )
)


@dashboard.register
def visitor_cards(request):
    """Inside now, overstaying, today's registrations and refusals."""
    if not has_perm_at(request.user, "security.view_visit"):
        return []
    counts = gate_counts(Visit.objects.restrict(request.user, "view").in_scope(request))
    url = reverse("security:gate")
    return [
        Card(_("Visitors inside now"), counts["inside"], url, "people", "primary"),
        Card(
            _("Overstaying"),
            counts["overstay"],
            url,
            "hourglass-split",
            "warning" if counts["overstay"] else "secondary",
        ),
        Card(
            _("Registered today"),
            counts["today"],
            reverse("security:visit_list"),
            "journal-check",
            "success",
        ),
        Card(
            _("Refused today"),
            counts["refused_today"],
            reverse("security:visit_list"),
            "slash-circle",
            "danger" if counts["refused_today"] else "secondary",
        ),
    ]
