"""Builders shared by the inspection tests."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from houqin.inspections import services
from houqin.inspections.models import Round, Route


def make_route(site, by, *, codes=("CP1", "CP2", "CP3"), kind="patrol", name="巡逻路线"):
    """A route through new checkpoints ``codes`` (stops 10 minutes apart, 10-minute windows)."""
    checkpoints = [
        services.checkpoint_create(site=site, name=f"点位{code}", code=code, by=by)
        for code in codes
    ]
    return services.route_save(
        route=Route(site=site, name=name, kind=kind, duration_minutes=60),
        stops=[services.StopData(c, i * 10, 10) for i, c in enumerate(checkpoints)],
        schedules=[("早班", time(8, 0))],
        items=[services.ItemData("门窗完好", 2), services.ItemData("通道畅通", 1)],
        by=by,
    )


def open_round(route, *, starts_at: datetime | None = None) -> Round:
    """A round of ``route`` starting at ``starts_at`` (five minutes ago by default)."""
    starts_at = starts_at or timezone.now() - timedelta(minutes=5)
    return services._create_rounds(route.site, [((route.pk, starts_at), _Schedule(route))])[0]


class _Schedule:
    def __init__(self, route):
        self.route = route


def checkpoints(route):
    return [s.checkpoint for s in route.stops.select_related("checkpoint").order_by("position")]
