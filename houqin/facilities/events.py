"""Names of the facilities module's domain events, as the history tab shows them."""

from django.utils.translation import gettext_lazy as _

from houqin.core.generic import register_event_labels

register_event_labels(
    {
        "run_log": _("shift logged"),
        "certificate": _("certificate recorded"),
        "certificate_warned": _("certificate expiry warned"),
        "plan_generate": _("maintenance tasks generated"),
        "task_done": _("maintenance done"),
        "task_overdue": _("maintenance overdue"),
        "task_reminded": _("maintenance reminder sent"),
        "dispatch": _("technician assigned"),
        "start": _("work started"),
        "complete": _("repair completed"),
        "rate": _("rated"),
        "reopen": _("reopened"),
        "task_escalated": _("maintenance overdue, escalated"),
    }
)
