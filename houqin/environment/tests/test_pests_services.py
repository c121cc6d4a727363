"""Vector-control services: surveys under the standard in force, counts checked, voiding,
new editions copying thresholds, control actions; and the metrics built on them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from houqin.environment.models import PestStandard, PestThreshold
from houqin.environment.services import pests as services
from houqin.environment.tests.helpers_pests import ROACH, envmgr, survey  # noqa: F401
from houqin.reports.registry import compute, year_bounds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refused(**kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        survey(**kwargs)
    return exc.value.message_dict if hasattr(exc.value, "error_dict") else {"": exc.value.messages}


def test_survey_recorded_under_the_standard_in_force(personas, envmgr):  # noqa: F811
    found = survey(personas.site, envmgr, scope="  食堂 ", is_recheck=True)
    assert found.number.startswith("BM-2026-")
    assert str(found.standard) == "GB/T 27773-2011"
    assert (found.scope, found.is_recheck, found.rooms_positive) == ("食堂", True, 2)
    assert found.powder_patches is None


def test_survey_refusals(personas, envmgr):  # noqa: F811
    site, by = personas.site, envmgr
    future = timezone.localdate() + timedelta(days=1)
    assert "surveyed_on" in refused(site=site, by=by, day=future)
    PestStandard.objects.filter(pest="cockroach").update(superseded_on=date(2020, 1, 1))
    assert "No standard" in refused(site=site, by=by, day=date(2021, 1, 1))["surveyed_on"][0]
    PestStandard.objects.filter(pest="cockroach").update(superseded_on=None)
    bad = {**ROACH, "rooms_positive": 101}
    assert "cannot exceed" in refused(site=site, by=by, counts=bad)["rooms_positive"][0]
    bad = {**ROACH, "oothecae": 0, "ootheca_rooms": 1}
    assert "ootheca_rooms" in refused(site=site, by=by, counts=bad)
    assert "rooms_positive" in refused(site=site, by=by, counts={"large_roaches": 3})
    assert "powder_patches" in refused(site=site, by=by, counts={**ROACH, "powder_patches": 3})
    assert "rooms_inspected" in refused(site=site, by=by, counts={"rooms_inspected": -1})
    assert refused(site=site, by=by, counts={"rooms_inspected": 10})[""]  # nothing measured
    fly = {"rooms_inspected": 10, "rooms_positive": 3, "adults": 2}
    assert "rooms_positive" in refused(site=site, by=by, pest="fly", counts=fly)
    assert "pest" in refused(site=site, by=by, pest="bedbug")


def test_survey_void(personas, envmgr):  # noqa: F811
    found = survey(personas.site, envmgr)
    with pytest.raises(ValidationError):
        services.survey_void(survey=found, by=envmgr, reason=" ")
    services.survey_void(survey=found, by=envmgr, reason="录入错误")
    found.refresh_from_db()
    assert found.voided_at is not None


def test_new_edition_copies_thresholds_and_supersedes(envmgr):  # noqa: F811
    old = PestStandard.objects.get(code="GB/T 27773", edition="2011")
    new = PestStandard(
        code="GB/T 27773", edition="2026", pest="cockroach", title="蜚蠊",
        in_force_from=date(2026, 7, 1),
    )  # fmt: skip
    services.standard_save(standard=new, by=envmgr)
    old.refresh_from_db()
    assert old.superseded_on == date(2026, 7, 1)
    assert new.thresholds.count() == old.thresholds.count() == 6
    assert set(new.thresholds.values_list("confidence", flat=True)) == {"M"}
    assert str(services.standard_in_force("cockroach", date(2026, 7, 1))) == "GB/T 27773-2026"
    twin = PestStandard(code="GB/T 27773", edition="2026", pest="cockroach", title="x",
                        in_force_from=date(2027, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.standard_save(standard=twin, by=envmgr)


def test_threshold_save_refuses_disordered_limits(envmgr):  # noqa: F811
    row = PestThreshold.objects.get(standard__edition="2011", indicator="roach_trace_rate")
    row.limit_a = Decimal("6")
    with pytest.raises(ValidationError):
        services.threshold_save(threshold=row, by=envmgr)
    row.refresh_from_db()
    assert row.limit_a == 3


def test_control_action(personas, envmgr):  # noqa: F811
    action = services.control_action_record(
        site=personas.site, pest="rodent", done_on=date(2026, 5, 2), method="bait", by=envmgr,
        agent="溴敌隆", quantity=Decimal("2.5"), unit="kg",
    )  # fmt: skip
    assert action.number.startswith("XS-2026-")
    other = personas.other_site.location_set.first()
    with pytest.raises(ValidationError):
        services.control_action_record(
            site=personas.site, pest="rodent", done_on=date(2026, 5, 2), method="bait",
            by=envmgr, location=other,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.control_action_record(
            site=personas.site, pest="rodent", done_on=date(2026, 5, 2), method="x", by=envmgr
        )


def test_metrics_take_the_latest_survey_and_the_recheck(personas, envmgr):  # noqa: F811
    site = personas.site
    survey(site, envmgr, day=date(2026, 3, 1), counts={"rooms_inspected": 100, "rooms_positive": 9})
    survey(site, envmgr, day=date(2026, 6, 1), counts={"rooms_inspected": 100, "rooms_positive": 4})
    survey(site, envmgr, day=date(2026, 6, 1), is_recheck=True,
           counts={"rooms_inspected": 100, "rooms_positive": 1})  # fmt: skip
    voided = survey(site, envmgr, day=date(2026, 7, 1), counts={"rooms_inspected": 9,
                                                                "rooms_positive": 9})  # fmt: skip
    services.survey_void(survey=voided, by=envmgr, reason="错")
    services.control_action_record(
        site=site, pest="fly", done_on=date(2026, 5, 2), method="spray", by=envmgr
    )
    values = compute(site_ids=[site.pk], start=year_bounds(2026)[0], end=year_bounds(2026)[1])
    assert values["environment.cockroach_control_level"] == "A"
    assert values["environment.rodent_control_level"] is None
    assert values["environment.control_actions"] == 1
    values = compute(site_ids=[site.pk], start=year_bounds(2026)[0],
                     end=timezone.make_aware(timezone.datetime(2026, 4, 1)))  # fmt: skip
    assert values["environment.cockroach_control_level"] == "not_met"


def test_survey_before_the_first_edition_is_rated_against_the_earliest(personas, envmgr):  # noqa: F811
    """GB/T 27773 came into force in 2012: a 2005 survey is rated against its first edition."""
    found = survey(personas.site, envmgr, day=date(2005, 6, 1))
    assert str(found.standard) == "GB/T 27773-2011"
    assert found.surveyed_on < found.standard.in_force_from


def test_standard_to_rate_follows_the_editions():
    assert str(services.standard_to_rate("fly", date(2006, 6, 1))) == "GB/T 27772-2011"
    assert str(services.standard_to_rate("fly", date(2025, 10, 31))) == "GB/T 27772-2011"
    assert str(services.standard_to_rate("fly", date(2026, 3, 15))) == "GB/T 27772-2025"
    assert services.standard_in_force("fly", date(2006, 6, 1)) is None


def test_clause_reads_in_chinese():
    assert not PestThreshold.objects.filter(clause="城镇 level table").exists()
    assert PestThreshold.objects.filter(clause="城镇控制水平表").count() >= 20


def test_demo_rates_each_survey_against_the_edition_of_its_day(personas, envmgr):  # noqa: F811
    import random
    from types import SimpleNamespace

    from houqin.environment.demo import pests as demo
    from houqin.environment.models import PestSurvey

    demo.load(SimpleNamespace(site=personas.site, users={"env": envmgr}, rng=random.Random(1)))
    flies = PestSurvey.objects.filter(pest="fly").select_related("standard")
    assert flies.filter(surveyed_on__year=2006).exists()
    for found in flies:
        assert found.standard == services.standard_to_rate("fly", found.surveyed_on)
    this_year = [f for f in flies if f.surveyed_on.year == timezone.localdate().year]
    assert this_year and all(str(f.standard) == "GB/T 27772-2025" for f in this_year)
