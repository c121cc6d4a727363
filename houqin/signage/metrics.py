"""Info-screen figures for the annual report (SPEC §4)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from houqin.reports.registry import Metric, metric_source
from houqin.signage.queries import message_figures


@metric_source(
    Metric(
        "services.display_messages",
        _("picture and text messages shown"),
        _("messages"),
        definition=_(
            "Approved information-screen messages whose display starts in the period "
            "(by valid-from time), each counted once however many screens show it; "
            "voided messages are not counted."
        ),
    )
)
def display_message_metrics(*, site_ids, start, end) -> dict:
    """``services.display_messages`` (图文信息): approved, non-void messages whose ``valid_from``
    falls in the period. A message broadcast to many screens (or to every screen of the site)
    is one message and counts once, however many screens show it."""
    row = message_figures(site_ids=site_ids, start=start, end=end)
    return {"services.display_messages": row["messages"]}
