"""Names of the security module's domain events, as the history tab shows them."""

from django.utils.translation import gettext_lazy as _

from houqin.core.generic import register_event_labels

register_event_labels(
    {
        "generate": _("roster generated"),
        "assignment_change": _("shift reassigned"),
        "swap": _("shift swapped"),
        "swap_request": _("swap requested"),
        "swap_approved": _("swap approved"),
        "swap_rejected": _("swap rejected"),
        "swap_withdrawn": _("swap withdrawn"),
        "publish": _("published"),
        "duty_log_open": _("duty log opened"),
        "hand_over": _("handed over"),
        "receive": _("handover received"),
        "raise": _("alarm raised"),
        "verify": _("verified"),
        "report": _("reported"),
        "assign": _("assigned"),
        "rectify": _("rectification recorded"),
        "escalate": _("escalated to leadership"),
        "register": _("registered"),
        "follow_up": _("follow-up recorded"),
        "close": _("closed"),
    }
)
