"""`make bench` part (e): patrol scans per second through ``POST /api/inspections/scans/`` under
gunicorn driven by wrk, against a bare view doing the same durable INSERT of a scan in raw SQL.

Every request scans a different (round, checkpoint): the setup makes ``ROUTES`` routes of
``STOPS`` checkpoints, each with one round open now, and the wrk script walks through their
signed links once; the floor inserts into separate rounds so the two never collide.
"""

from __future__ import annotations

import json
from datetime import timedelta

ROUTES, STOPS = 400, 25  # 10,000 distinct scans per run, more than wrk sends
SITE_CODE = "bench"
LUA = """
local items = %s
local counter = 0
local threads = 0
function setup(thread) thread:set("offset", threads); threads = threads + 1 end
function init(args) counter = offset or 0 end
function request()
  local item = items[(counter %% #items) + 1]
  counter = counter + %d
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
    ["Authorization"] = "Token %s"}, item)
end
"""


def _checkpoints(site):
    from django.contrib.contenttypes.models import ContentType

    from houqin.core.models import ScanLink
    from houqin.inspections.models import Checkpoint

    have = list(Checkpoint.objects.filter(site=site, code__startswith="B-").order_by("pk"))
    if len(have) >= ROUTES * STOPS:
        return have
    Checkpoint.objects.bulk_create(
        Checkpoint(site=site, code=f"B-{i:05d}", name=f"bench {i}")
        for i in range(len(have), ROUTES * STOPS)
    )
    have = list(Checkpoint.objects.filter(site=site, code__startswith="B-").order_by("pk"))
    ct = ContentType.objects.get_for_model(Checkpoint)
    missing = [c for c in have if c.scan_link_id is None]
    links = ScanLink.objects.bulk_create(
        ScanLink(site=site, purpose="checkpoint", content_type=ct, object_id=c.pk) for c in missing
    )
    for checkpoint, link in zip(missing, links, strict=True):
        checkpoint.scan_link = link
    Checkpoint.objects.bulk_update(missing, ["scan_link"], batch_size=2000)
    return have


def _routes(site, checkpoints):
    from houqin.inspections.models import Route, RouteStop

    routes = list(Route.objects.filter(site=site, name__startswith="bench-").order_by("pk"))
    if len(routes) >= ROUTES + 1:
        return routes[:ROUTES], routes[ROUTES]
    Route.objects.filter(site=site, name__startswith="bench-").delete()
    routes = Route.objects.bulk_create(
        Route(site=site, name=f"bench-{i:04d}", kind="patrol", duration_minutes=600)
        for i in range(ROUTES + 1)
    )
    RouteStop.objects.bulk_create(
        RouteStop(route=route, checkpoint=cp, position=j + 1, offset_minutes=0, window_minutes=600)
        for i, route in enumerate(routes[:ROUTES])
        for j, cp in enumerate(checkpoints[i * STOPS : (i + 1) * STOPS])
    )
    return routes[:ROUTES], routes[ROUTES]  # the last one, without stops, holds the floor's rounds


def setup_scans(site):
    """Fresh open rounds for this run; returns (API bodies, floor bodies)."""
    from django.utils import timezone

    from houqin.core.services import next_numbers, scan_link_sign
    from houqin.inspections.models import Round, Scan

    checkpoints = _checkpoints(site)
    routes, floor_route = _routes(site, checkpoints)
    Scan.objects.filter(round__route__in=[*routes, floor_route]).delete()
    Round.objects.filter(route__in=[*routes, floor_route]).delete()
    start = timezone.now() - timedelta(minutes=5)
    rounds = Round.objects.bulk_create(
        Round(
            site=site,
            number=number,
            route=route,
            kind="patrol",
            starts_at=start - timedelta(seconds=i if route == floor_route else 0),
            ends_at=start + timedelta(hours=10),
            stops_total=STOPS,
        )
        for i, (route, number) in enumerate(
            zip(
                [*routes, *[floor_route] * ROUTES],
                next_numbers(site=site, prefix="XL", year=start.year, count=2 * ROUTES),
                strict=True,
            )
        )
    )
    api = [
        json.dumps({"token": scan_link_sign(cp.scan_link)})
        for j in range(STOPS)
        for cp in checkpoints[j::STOPS]
    ]
    floor = [
        json.dumps({"round": rounds[ROUTES + i].pk, "checkpoint": cp.pk})
        for i in range(ROUTES)
        for cp in checkpoints[i * STOPS : (i + 1) * STOPS]
    ]
    return api, floor


def _lua(bodies: list[str], token: str, threads: int) -> str:
    items = "{" + ",".join("[[" + body + "]]" for body in bodies) + "}"
    return LUA % (items, threads, token)


def bench_scans(args) -> tuple[float, float]:
    """(API patrol scans/s, raw INSERT view requests/s) under the same gunicorn."""
    from houqin.bench import RATE_ROUNDS, _bench_user, _wrk, gunicorn, paired_rates, warm_up
    from houqin.core.models import Site

    user, site, _dept, token = _bench_user()
    site = Site.objects.get(code=SITE_CODE)
    api_bodies, floor_bodies = setup_scans(site)
    # The warm-up and each timed round scan their own checkpoints.
    share = len(api_bodies) // (RATE_ROUNDS + 1)

    def bodies(items, number):
        return _lua(items[number * share : (number + 1) * share], token, 2)

    with gunicorn(args) as base:
        warm_up(f"{base}/api/inspections/scans/", bodies(api_bodies, RATE_ROUNDS), 2)
        return paired_rates(
            args,
            lambda seconds, number: _wrk(
                f"{base}/api/inspections/scans/",
                bodies(api_bodies, number),
                seconds,
                args.connections,
            ),
            lambda seconds, number: _wrk(
                f"{base}/bench/raw-scan/?user={user.pk}&site={site.pk}",
                bodies(floor_bodies, number),
                seconds,
                args.connections,
            ),
        )
