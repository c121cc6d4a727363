from django.utils.translation import gettext_lazy as _

from houqin.core import navigation

navigation.register(
    navigation.MenuGroup(
        "reports",
        _("Reports"),
        "bar-chart",
        [
            navigation.MenuItem(
                _("Leadership dashboard"), "reports:dashboard", "reports.view_report"
            ),
            navigation.MenuItem(_("Annual work summary"), "reports:summary", "reports.view_report"),
            navigation.MenuItem(
                _("Summary wording"), "reports:summary_wording", "reports.view_summarytext"
            ),
            navigation.MenuItem(_("Annual figures"), "reports:annual", "reports.view_report"),
            navigation.MenuItem(_("Metric catalogue"), "reports:catalogue", "reports.view_report"),
        ],
        order=90,
    )
)
