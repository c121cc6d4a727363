"""Start-up registrations of the quality module (menu, cards, metrics, satisfaction sources)."""

from django.utils.translation import gettext_lazy as _

from houqin.core import dashboard, navigation
from houqin.core.generic import register_event_labels
from houqin.quality import (  # noqa: F401  (metrics modules register their figures)
    metrics,
    metrics_satisfaction,
    satisfaction,
)
from houqin.quality.choices import PostKind
from houqin.quality.queries import evaluations as evaluation_queries
from houqin.quality.queries import surveys as survey_queries

# Satisfaction sources: organisers rate served meetings, reporters rate repairs, and the staff
# answer the periodic surveys about each kind of service post.
satisfaction.register_source(satisfaction.meeting_source())
satisfaction.register_source(satisfaction.repair_source())
for kind, label in PostKind.choices:
    satisfaction.register_source(satisfaction.survey_source(kind, label))

navigation.register(
    navigation.MenuGroup(
        "quality",
        _("Service quality"),
        "award",
        [
            navigation.MenuItem(
                _("Evaluate a post"), "quality:evaluation_add", "quality.add_evaluation"
            ),
            navigation.MenuItem(
                _("Evaluations"), "quality:evaluation_list", "quality.view_evaluation"
            ),
            navigation.MenuItem(
                _("Rectifications"), "quality:rectification_list", "quality.view_rectification"
            ),
            navigation.MenuItem(_("Summary"), "quality:quality_summary", "quality.view_evaluation"),
            navigation.MenuItem(_("Satisfaction"), "quality:satisfaction", "quality.view_survey"),
            navigation.MenuItem(_("Surveys"), "quality:survey_list", "quality.view_survey"),
            navigation.MenuItem(
                _("Service posts"), "quality:servicepost_list", "quality.view_servicepost"
            ),
            navigation.MenuItem(_("Standards"), "quality:standard_list", "quality.view_standard"),
        ],
        order=70,
    )
)

dashboard.register(survey_queries.dashboard_cards)
dashboard.register(evaluation_queries.dashboard_cards)

register_event_labels(
    {
        "evaluate": _("evaluated"),
        "standard": _("standard saved"),
        "rectified": _("rectification recorded"),
        "rectification_accepted": _("rectification accepted"),
        "rectification_refused": _("rectification sent back"),
        "create": _("created"),
        "change": _("changed"),
        "survey_opened": _("survey opened"),
        "survey_answered": _("survey answered"),
        "survey_closed": _("survey closed"),
    }
)
