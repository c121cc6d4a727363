"""Names of the approval engine's domain events, as the history tab shows them."""

from django.utils.translation import gettext_lazy as _

from houqin.core.generic import register_event_labels

register_event_labels(
    {
        "approval_submit": _("submitted for approval"),
        "approval_step": _("approved at one level"),
        "approve": _("approved"),
        "reject": _("rejected"),
        "approval_withdraw": _("approval request withdrawn"),
        "approval_flow_create": _("approval flow created"),
        "approval_flow_change": _("approval flow changed"),
    }
)
