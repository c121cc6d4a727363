from django.utils.translation import gettext_lazy as _

from houqin.core import navigation

navigation.register(
    navigation.MenuGroup(
        "reports",
        _("Reports"),
        "bar-chart",
        [
            navigation.MenuItem(_("Annual figures"), "reports:annual", "reports.view_report"),
        ],
        order=90,
    )
)
