"""Vector-control figures for the annual report: each pest's density control level and the
number of control actions (registered on import)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.environment.choices import Pest
from houqin.environment.models import PestControlAction
from houqin.environment.queries.pests import latest_levels
from houqin.reports.registry import Metric, metric_source

LEVEL_LABELS = {
    Pest.RODENT: _("rodent density control level"),
    Pest.MOSQUITO: _("mosquito density control level"),
    Pest.FLY: _("fly density control level"),
    Pest.COCKROACH: _("cockroach density control level"),
}


def _days(start, end):
    """The period's first day and the day after its last (Asia/Shanghai)."""
    return timezone.localtime(start).date(), timezone.localtime(end).date()


@metric_source(
    *(
        Metric(
            f"environment.{pest.value}_control_level",
            LEVEL_LABELS[pest],
            pgettext_lazy("unit", "level"),
            "grade",
            definition=_(
                "Density control level (A, B, C or not met) of the pest named in the label,"
                " from the latest survey of that pest in the period (by survey day; on the "
                "same day a re-inspection counts as later); over several sites, the worst "
                "of each site's latest level; voided surveys are left out; no value without"
                " a survey."
            ),
        )
        for pest in Pest
    )
)
def pest_level_metrics(*, site_ids, start, end) -> dict:
    """ "A", "B", "C" or "not_met": the level of the latest non-void survey of each pest in the
    period (a re-inspection on the same day counts as the latest); None without a survey.
    Over several sites, the worst of each site's latest level."""
    first, after = _days(start, end)
    found = latest_levels(site_ids=site_ids, start=first, end=after)
    return {f"environment.{pest}_control_level": level for pest, level in found.items()}


@metric_source(
    Metric(
        "environment.control_actions",
        _("pest control actions"),
        _("actions"),
        definition=_(
            "Pest control actions done on days in the period; voided actions are not counted."
        ),
    )
)
def control_action_metrics(*, site_ids, start, end) -> dict:
    """Non-void control actions (消杀) done in the period, counted in the database."""
    first, after = _days(start, end)
    qs = PestControlAction.objects.filter(
        voided_at__isnull=True, done_on__gte=first, done_on__lt=after
    )
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    return {"environment.control_actions": qs.count()}
