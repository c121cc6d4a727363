"""Security patrols on the inspection engine: the patrol kind, its figures computed from the
rounds, the demo's patrol year, and a patrol finding becoming a hazard."""

from __future__ import annotations

import importlib.util
import random
import time as clock
from datetime import timedelta

import pytest
from django.utils import timezone

from houqin.core.demo import DemoContext
from houqin.inspections import registry, services
from houqin.inspections.choices import RoundStatus
from houqin.inspections.models import Round, Scan
from houqin.inspections.tests.helpers import checkpoints, make_route, open_round
from houqin.reports.registry import compute, year_bounds
from houqin.security.demo import patrols as demo
from houqin.security.metrics.patrols import patrol_metrics

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(personas):
    return make_route(personas.site, personas.secadmin)


def test_patrol_kind_is_registered_for_guards():
    config = registry.kind_config("patrol")
    assert config.scan_perm == "inspections.scan_round"
    assert config.finding_handler is not None


def test_patrol_figures_are_computed_from_rounds(route, personas):
    start = timezone.now() - timedelta(days=3)
    statuses = [RoundStatus.COMPLETE, RoundStatus.LATE, RoundStatus.OUT_OF_ORDER]
    statuses += [RoundStatus.MISSED, RoundStatus.COMPLETE]
    rounds = [open_round(route, starts_at=start + timedelta(hours=3 * i)) for i in range(5)]
    for rnd, status in zip(rounds, statuses, strict=True):
        Round.objects.filter(pk=rnd.pk).update(status=status, scans_done=2)
    services.round_void(round=rounds[-1], by=personas.secadmin, reason="演练")
    other = make_route(personas.other_site, personas.secadmin, codes=("O1",), name="分院")
    Round.objects.filter(pk=open_round(other, starts_at=start).pk).update(status="complete")
    figures = patrol_metrics(site_ids=[personas.site.pk], start=start, end=timezone.now())
    assert figures == {
        "security.patrol_rounds": 3,
        "security.patrol_completion_rate": 0.75,
        "security.patrol_scans": 8,
    }
    everywhere = compute(site_ids=None, start=start, end=timezone.now())
    assert everywhere["security.patrol_rounds"] == 4


def test_patrol_figures_are_one_query(route, personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        patrol_metrics(site_ids=[personas.site.pk], start=timezone.now(), end=timezone.now())


def test_demo_patrols_give_1095_completed_rounds_in_2006(personas):
    ctx = DemoContext(
        rng=random.Random(2006),
        site=personas.site,
        other_site=personas.other_site,
        users={"guard": personas.guard, "duty": personas.duty, "secadmin": personas.secadmin},
    )
    started = clock.monotonic()
    demo.load(ctx)
    assert clock.monotonic() - started < 30
    y2006 = patrol_metrics(
        site_ids=[personas.site.pk], start=year_bounds(2006)[0], end=year_bounds(2006)[1]
    )
    assert y2006["security.patrol_rounds"] == 1095
    assert y2006["security.patrol_completion_rate"] == 1
    y2005 = patrol_metrics(
        site_ids=[personas.site.pk], start=year_bounds(2005)[0], end=year_bounds(2005)[1]
    )
    assert 1080 <= y2005["security.patrol_rounds"] < 1095
    late = Round.objects.filter(status=RoundStatus.LATE, starts_at__year=2006).count()
    assert 5 <= late <= 80
    assert Round.objects.filter(starts_at__date=timezone.localdate()).count() == 3
    assert Scan.objects.filter(round__starts_at__gte=year_bounds(2006)[0]).count() > 12_000


@pytest.mark.skipif(
    importlib.util.find_spec("houqin.security.services.hazards") is None,
    reason="the hazard service is not in this tree yet",
)
def test_a_patrol_finding_opens_a_hazard_with_its_photo(route, personas):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from houqin.core.models import Attachment
    from houqin.security.models import Hazard

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    png = buffer.getvalue()
    rnd = open_round(route)
    finding = services.finding_report(
        round=rnd,
        description="东侧围墙破损",
        checkpoint=checkpoints(route)[0],
        category="structural",
        photo=SimpleUploadedFile("p.png", png, content_type="image/png"),
        by=personas.guard,
    )
    hazard = Hazard.objects.get(pk=finding.opened_id)
    assert hazard.source == "patrol" and hazard.category == "structural"
    assert Attachment.objects.filter(object_id=hazard.pk).exists()
