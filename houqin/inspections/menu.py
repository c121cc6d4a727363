"""The inspection engine's menu group."""

from django.utils.translation import gettext_lazy as _

from houqin.core import navigation

navigation.register(
    navigation.MenuGroup(
        "inspections",
        _("Inspection rounds"),
        "signpost-split",
        [
            navigation.MenuItem(_("My round"), "inspections:round_mine", "inspections.scan_round"),
            navigation.MenuItem(
                _("Rounds open now"), "inspections:round_live", "inspections.view_round"
            ),
            navigation.MenuItem(_("Rounds"), "inspections:round_list", "inspections.view_round"),
            navigation.MenuItem(_("Routes"), "inspections:route_list", "inspections.view_route"),
            navigation.MenuItem(
                _("Checkpoints"), "inspections:checkpoint_list", "inspections.view_checkpoint"
            ),
        ],
        order=30,
    )
)
