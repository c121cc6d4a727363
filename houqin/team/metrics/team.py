"""Metrics of the team (自身建设): publications and books, training sessions and hours (also per
head), honours by level, chronicle entries — all from the records of the period."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.reports.registry import Metric, metric_source
from houqin.team.queries.records import chronicle_count, honours_by_level, publications_by_kind
from houqin.team.queries.training import active_staff, hours_per_head, training_figures

LEVELS = (
    ("national", _("national honours")),
    ("provincial", _("provincial honours")),
    ("municipal", _("municipal honours")),
    ("district", _("district honours")),
)


@metric_source(
    Metric(
        "team.publications",
        _("articles published on the bureau's work"),
        _("articles"),
        definition=_(
            "Articles on the bureau's work published on days in the period; voided "
            "records are not counted."
        ),
    ),
    Metric(
        "team.books",
        _("books compiled"),
        _("books"),
        definition=_(
            "Books compiled and published on days in the period; voided records are not counted."
        ),
    ),
    Metric(
        "team.honours",
        _("honours won"),
        pgettext_lazy("unit", "honours"),
        definition=_(
            "Honours of every level awarded on days in the period; voided records are not counted."
        ),
    ),
    *[
        Metric(
            f"team.honours.{level}",
            label,
            pgettext_lazy("unit", "honours"),
            definition=_(
                "Honours of the level named in the label awarded on days in the period; "
                "voided records are not counted."
            ),
        )
        for level, label in LEVELS
    ],
    Metric(
        "team.chronicle_entries",
        _("chronicle entries"),
        _("entries"),
        definition=_(
            "Chronicle entries of events that occurred on days in the period; voided "
            "entries are not counted."
        ),
    ),
)
def record_metrics(*, site_ids, start, end) -> dict:
    """Counted by the local day of each record (awarded, published, occurred)."""
    first, last = timezone.localdate(start), timezone.localdate(end)
    kinds = publications_by_kind(site_ids, first, last)
    levels = honours_by_level(site_ids, first, last)
    return {
        "team.publications": kinds["articles"],
        "team.books": kinds["books"],
        "team.honours": levels["total"],
        **{f"team.honours.{level}": levels[level] for level, _label in LEVELS},
        "team.chronicle_entries": chronicle_count(site_ids, first, last),
    }


@metric_source(
    Metric(
        "team.training_sessions",
        _("training sessions held"),
        _("sessions"),
        definition=_(
            "Training sessions starting in the period (by start time); voided sessions "
            "are not counted."
        ),
    ),
    Metric(
        "team.training_hours",
        _("training hours (all attendees)"),
        pgettext_lazy("unit", "training hours"),
        definition=_(
            "Sum of the hours on the attendance records of the training sessions "
            "starting in the period, one decimal; voided sessions are left out."
        ),
    ),
    Metric(
        "team.training_hours_per_head",
        _("training hours per head"),
        _("hours/person"),
        definition=_(
            "Training hours of the period ÷ the staff of the sites in post now, one "
            "decimal; no value without staff."
        ),
    ),
)
def training_metrics(*, site_ids, start, end) -> dict:
    """Hours per head: Σ attendance hours ÷ the active staff of the sites."""
    row = training_figures(site_ids, start, end)
    return {
        "team.training_sessions": row["sessions"],
        "team.training_hours": round(float(row["hours"]), 1),
        "team.training_hours_per_head": hours_per_head(row["hours"], active_staff(site_ids)),
    }
