"""`houqin report annual`: the annual figures on the command line, in the contract of SPEC §3 and
with the same values as the API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from houqin.core.testing import resident_id
from houqin.reports.queries import annual_report
from houqin.security.tests.helpers import blacklist, check_in, shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_language():
    """The command switches to Chinese; do not let that leak into other tests."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def year_2006(personas):
    for i in range(3):
        check_in(personas.site, personas.guard, at=shanghai(2006, 3, 1 + i, 9, 0), seq=i)
    check_in(personas.site, personas.guard, at=shanghai(2005, 3, 1, 9, 0), seq=10)
    check_in(personas.other_site, personas.outsider, at=shanghai(2006, 3, 1, 9, 0), seq=11)
    number = resident_id(seq=66)
    blacklist(personas.site, personas.secadmin, number)
    check_in(personas.site, personas.guard, at=shanghai(2006, 6, 1, 9, 0), id_number=number)
    return personas


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_annual_json_follows_the_contract_with_the_same_values_as_the_api(year_2006, api):
    out, _err = run("annual", "--year", "2006", "--site", "main", "--format", "json")

    report = json.loads(out)
    assert set(report) == {"year", "site", "metrics"}
    assert report["year"] == 2006 and report["site"] == "main"
    for metric in report["metrics"].values():
        assert set(metric) == {"value", "unit", "label"}
    assert report["metrics"]["security.visitor_registrations"]["value"] == 3
    assert report["metrics"]["security.visitors_blocked"]["value"] == 1

    api.force_authenticate(year_2006.leader)
    from_api = api.get("/api/reports/annual/", {"year": 2006, "site": "main"}).json()
    assert {k: m["value"] for k, m in report["metrics"].items()} == {
        k: m["value"] for k, m in from_api["metrics"].items()
    }


def test_annual_json_without_site_covers_every_site(year_2006, tmp_path):
    target = tmp_path / "all.json"
    run("annual", "--year", "2006", "--format", "json", "-o", str(target))
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["site"] is None
    assert report["metrics"]["security.visitor_registrations"]["value"] == 4


def test_annual_html_contains_the_metric_labels(year_2006, tmp_path):
    target = tmp_path / "annual.html"
    run("annual", "--year", "2006", "--site", "main", "--format", "html", "-o", str(target))

    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    with translation.override("zh-hans"):
        expected = annual_report(year=2006, site_ids=[year_2006.site.pk], site=year_2006.site)
    for key in ("security.visitor_registrations", "security.visitors_blocked"):
        assert expected["metrics"][key]["label"] in page
    assert "2006" in page


def test_output_option_writes_the_file_and_nothing_to_stdout(year_2006, tmp_path):
    target = tmp_path / "annual.json"
    out, _err = run("annual", "--year", "2006", "--site", "main", "-o", str(target))

    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["year"] == 2006
    assert report["metrics"]["security.visitor_registrations"]["value"] == 3
    assert out == ""


def test_unknown_site_is_a_command_error(year_2006):
    with pytest.raises(CommandError, match="no-such-site"):
        run("annual", "--year", "2006", "--site", "no-such-site")


@pytest.mark.parametrize(
    "args",
    [
        ("annual",),  # no year
        ("annual", "--year", "two thousand"),
        ("annual", "--year", "2006", "--format", "pdf"),
        ("monthly", "--year", "2006"),
    ],
)
def test_bad_arguments_are_command_errors(personas, args):
    with pytest.raises(CommandError):
        run(*args)
