"""Names of the inspection engine's domain events, as the history tab shows them."""

from django.utils.translation import gettext_lazy as _

from houqin.core.generic import register_event_labels

register_event_labels(
    {
        "create": _("created"),
        "finding": _("finding reported"),
        "results": _("check results recorded"),
        "round_closed": _("round closed"),
        "round_done": _("round completed"),
    }
)
