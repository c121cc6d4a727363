"""Start-up registrations of the team module: menu, metrics, event labels."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core import navigation
from houqin.core.generic import register_event_labels
from houqin.team.metrics import regulations, team  # noqa: F401  (register metrics)

Item = navigation.MenuItem

navigation.register(
    navigation.MenuGroup(
        "team",
        _("Team building"),
        "mortarboard",
        [
            Item(_("Regulations library"), "team:regulation_list", "team.view_regulation"),
            Item(_("My training record"), "team:training_mine", "team.view_regulation"),
            Item(_("Training sessions"), "team:training_list", "team.view_trainingsession"),
            Item(_("Honours"), "team:honour_list", "team.view_honour"),
            Item(_("Publications"), "team:publication_list", "team.view_publication"),
            Item(_("Chronicle of events"), "team:chronicle_list", "team.view_chronicleentry"),
        ],
        order=82,
    )
)

register_event_labels(
    {
        "regulation_add": _("regulation created"),
        "regulation_revise": pgettext_lazy("regulation", "revised"),
        "regulation_repeal": pgettext_lazy("regulation", "repealed"),
        "regulation_change": pgettext_lazy("regulation", "changed"),
        "training_add": _("training session added"),
        "training_change": _("training session changed"),
        "attendance_set": _("attendees recorded"),
        "honour_add": _("honour recorded"),
        "honour_change": _("honour changed"),
        "publication_add": _("publication recorded"),
        "publication_change": _("publication changed"),
        "chronicle_add": _("chronicle entry added"),
        "chronicle_change": _("chronicle entry changed"),
    }
)
