"""Services of service evaluation: standards, monthly scoring with stated figures, the
one-per-month rule, rectifications opened, done and checked, and the roll-ups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

import houqin.quality.metrics  # noqa: F401  (registers the metrics until registrations does)
from houqin.core.models import Notification, Person
from houqin.core.services import record_void
from houqin.quality.choices import RectificationStatus
from houqin.quality.models import Evaluation, Rectification, Standard, StandardItem
from houqin.quality.queries import evaluations as queries
from houqin.quality.services import evaluations as services
from houqin.quality.tests.conftest import make_post
from houqin.reports.registry import compute, year_bounds

pytestmark = pytest.mark.usefixtures("english")

MARCH = date(2026, 3, 1)


def scores_for(setup, *points, notes=()):
    """{item id: (points, note)} for the setup's four items, in order."""
    notes = [*notes, "", "", "", ""]
    return {
        item.pk: (p, notes[i]) for i, (item, p) in enumerate(zip(setup.items, points, strict=False))
    }


def record(setup, sup, *points, month=MARCH, **kwargs):
    return services.evaluation_record(
        post=setup.post, month=month, by=sup, scores=scores_for(setup, *points), **kwargs
    )


def test_score_is_points_over_weight_and_low_item_opens_rectification(post_setup, sup, server):
    # 36 + 30 + 15 + 10 = 91 of 100; 15 of 20 is 75 % < the pass mark of 80 %.
    evaluation = record(post_setup, sup, 36, 30, 15, 10, month=date(2026, 3, 17))
    assert evaluation.score == Decimal("91.0")
    assert evaluation.month == MARCH
    assert evaluation.standard == post_setup.standard
    assert evaluation.number.startswith("KP-")
    rect = Rectification.objects.get()
    assert rect.score.item == post_setup.items[2]
    assert rect.status == RectificationStatus.OPEN
    assert rect.deadline == timezone.localdate() + timedelta(days=7)
    note = Notification.objects.get(recipient=server)
    assert "办公楼保洁" in note.title


def test_score_rounds_to_one_decimal(personas, sup):
    setup = make_post(personas.site, name="绿化")
    standard = setup.standard
    StandardItem.objects.filter(standard=standard).exclude(pk=setup.items[0].pk).delete()
    StandardItem.objects.filter(pk=setup.items[0].pk).update(weight=3)
    evaluation = services.evaluation_record(
        post=setup.post, month=MARCH, by=sup, scores={setup.items[0].pk: ("2", "")}
    )
    assert evaluation.score == Decimal("66.7")  # 2 ÷ 3 × 100


def test_no_rectification_at_or_above_pass_mark(post_setup, sup):
    evaluation = record(post_setup, sup, Decimal("39.5"), 30, 20, 8)  # 8 of 10 is exactly 80 %
    assert evaluation.score == Decimal("97.5")
    assert not Rectification.objects.exists()


@pytest.mark.parametrize(
    "points,message",
    [
        ((41, 30, 20, 10), "takes 0 to 40"),
        ((-1, 30, 20, 10), "takes 0 to 40"),
        (("abc", 30, 20, 10), "Enter a number"),
        ((40, 30, 20), "Score every item"),
    ],
)
def test_bad_points_refused_and_nothing_written(post_setup, sup, points, message):
    with pytest.raises(ValidationError, match=message):
        record(post_setup, sup, *points)
    assert not Evaluation.objects.exists()


def test_extra_item_of_another_standard_refused(post_setup, other_post_setup, sup):
    scores = scores_for(post_setup, 40, 30, 20, 10)
    scores[other_post_setup.items[0].pk] = (1, "")
    with pytest.raises(ValidationError, match="Score every item"):
        services.evaluation_record(post=post_setup.post, month=MARCH, by=sup, scores=scores)


def test_one_evaluation_per_post_and_month(post_setup, sup, sup2):
    record(post_setup, sup, 40, 30, 20, 10)
    with pytest.raises(ValidationError, match="already been scored"):
        record(post_setup, sup2, 40, 30, 20, 10)
    # A person on the post is scored separately, once.
    record(post_setup, sup, 40, 30, 20, 10, person=post_setup.member)
    with pytest.raises(ValidationError, match="already been scored"):
        record(post_setup, sup, 40, 30, 20, 10, person=post_setup.member)
    assert Evaluation.objects.count() == 2


def test_database_refuses_the_second_even_past_the_check(post_setup, sup, monkeypatch):
    first = record(post_setup, sup, 40, 30, 20, 10)
    real_filter = Evaluation.objects.filter

    class NoneTaken:
        def exists(self):
            return False

    monkeypatch.setattr(
        Evaluation.objects,
        "filter",
        lambda *a, **k: NoneTaken() if "month" in k else real_filter(*a, **k),
    )
    with pytest.raises(ValidationError, match="already been scored"):
        record(post_setup, sup, 40, 30, 20, 10)
    assert list(Evaluation.objects.all()) == [first]


def test_void_frees_the_month(post_setup, sup):
    first = record(post_setup, sup, 40, 30, 20, 10)
    record_void(record=first, by=sup, reason="录错")
    second = record(post_setup, sup, 30, 30, 20, 10)
    assert second.score == Decimal("90.0")


def test_future_month_and_non_member_and_no_standard_refused(personas, post_setup, sup):
    next_month = services._next_month(services.first_of_month(timezone.localdate()))
    with pytest.raises(ValidationError, match="future"):
        record(post_setup, sup, 40, 30, 20, 10, month=next_month)
    stranger = Person.objects.create(site=personas.site, name="路人")
    with pytest.raises(ValidationError, match="not on the post"):
        record(post_setup, sup, 40, 30, 20, 10, person=stranger)
    with pytest.raises(ValidationError, match="no standard in force"):
        record(post_setup, sup, 40, 30, 20, 10, month=date(2025, 12, 1))


def test_wrong_role_or_site_refused(personas, post_setup, other_sup, server):
    for user in (server, other_sup, personas.staff):
        with pytest.raises(ValidationError, match="may not score"):
            record(post_setup, user, 40, 30, 20, 10)


def test_standard_in_force_is_the_latest_revision_by_month_end(post_setup, sup):
    revision = services.standard_save(
        standard=Standard(
            site=post_setup.site,
            post=post_setup.post,
            title="保洁服务标准(修订)",
            effective_from=date(2026, 3, 15),
        ),
        items=[services.ItemLine("地面洁净", Decimal(60)), services.ItemLine("无异味", 40)],
        by=sup,
    )
    assert services.standard_in_force(post_setup.post, date(2026, 2, 1)) == post_setup.standard
    assert services.standard_in_force(post_setup.post, MARCH) == revision
    items = list(revision.items.all())
    evaluation = services.evaluation_record(
        post=post_setup.post,
        month=MARCH,
        by=sup,
        scores={items[0].pk: (45, "有污渍"), items[1].pk: (40, "")},
    )
    assert evaluation.score == Decimal("85.0")
    assert Rectification.objects.get().score.note == "有污渍"  # 45 of 60 is 75 %


def test_used_standard_is_not_edited(post_setup, sup):
    record(post_setup, sup, 40, 30, 20, 10)
    standard = post_setup.standard
    standard.title = "改"
    with pytest.raises(ValidationError, match="revision"):
        services.standard_save(standard=standard, items=[services.ItemLine("x", 1)], by=sup)
    assert standard.items.count() == 4


def test_unused_standard_items_replaced(post_setup, sup):
    standard = services.standard_save(
        standard=post_setup.standard, items=[services.ItemLine("唯一", Decimal("5"))], by=sup
    )
    assert [(i.text, i.weight) for i in standard.items.all()] == [("唯一", Decimal("5.0"))]


@pytest.mark.parametrize(
    "items,message",
    [
        ([], "at least one item"),
        ([services.ItemLine("", 5)], "needs a requirement"),
        ([services.ItemLine("x", 0)], "needs a requirement"),
        ([services.ItemLine("x", "abc")], "Enter a number"),
    ],
)
def test_bad_standard_refused(post_setup, items, message):
    new = Standard(
        site=post_setup.site, post=post_setup.post, title="新", effective_from=date(2026, 6, 1)
    )
    with pytest.raises(ValidationError, match=message):
        services.standard_save(standard=new, items=items, by=None)
    assert Standard.objects.count() == 1


def test_same_date_revision_refused(post_setup, sup):
    new = Standard(
        site=post_setup.site, post=post_setup.post, title="重复", effective_from=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="already has a standard"):
        services.standard_save(standard=new, items=[services.ItemLine("x", 1)], by=sup)


def test_rectification_done_then_checked_by_another_supervisor(post_setup, sup, sup2, server):
    record(post_setup, sup, 36, 30, 15, 10)
    rect = Rectification.objects.get()
    with pytest.raises(ValidationError, match="Say what was done"):
        services.rectification_done(rectification=rect, by=server, action=" ")
    services.rectification_done(rectification=rect, by=server, action="增加清运频次")
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.DONE and rect.done_at is not None
    with pytest.raises(ValidationError, match="not waiting"):
        services.rectification_done(rectification=rect, by=server, action="again")
    with pytest.raises(ValidationError, match="Only a supervisor"):
        services.rectification_verify(rectification=rect, by=server, accepted=True)
    with pytest.raises(ValidationError, match="what is still wrong"):
        services.rectification_verify(rectification=rect, by=sup2, accepted=False)
    services.rectification_verify(rectification=rect, by=sup2, accepted=False, note="仍有积存")
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.OPEN
    services.rectification_done(rectification=rect, by=server, action="每日两次清运")
    services.rectification_verify(rectification=rect, by=sup, accepted=True)
    rect.refresh_from_db()
    assert rect.status == RectificationStatus.VERIFIED
    assert rect.verified_by == sup


def test_the_one_who_did_it_does_not_check_it(personas, post_setup, sup, sup2):
    record(post_setup, sup, 36, 30, 15, 10)
    rect = Rectification.objects.get()
    post_setup.post.members.add(sup2.person)
    services.rectification_done(rectification=rect, by=sup2, action="整改")
    with pytest.raises(ValidationError, match="Someone other"):
        services.rectification_verify(rectification=rect, by=sup2, accepted=True)


def test_outsider_may_not_report_rectified(personas, post_setup, sup):
    record(post_setup, sup, 36, 30, 15, 10)
    rect = Rectification.objects.get()
    with pytest.raises(ValidationError, match="Only the post's people"):
        services.rectification_done(rectification=rect, by=personas.staff, action="x")


def test_rollups_and_metrics(personas, post_setup, other_post_setup, sup, other_sup):
    second = make_post(personas.site, name="会议服务", kind="meeting")
    record(post_setup, sup, 36, 30, 15, 10)  # 91.0, March
    record(post_setup, sup, 40, 30, 20, 10, person=post_setup.member)  # 100.0, March
    record(second, sup, 30, 30, 20, 10)  # 90.0, March
    record(post_setup, sup, 40, 30, 20, 0, month=date(2026, 4, 1))  # 90.0, April
    voided = record(second, sup, 0, 0, 0, 0, month=date(2026, 4, 1))
    record_void(record=voided, by=sup, reason="错")
    record(other_post_setup, other_sup, 20, 30, 20, 10)  # 80.0, other site
    main = Evaluation.objects.filter(site=personas.site)
    months = {
        row["month"]: (round(float(row["average"]), 1), row["count"], row["below"])
        for row in queries.by_month(main)
    }
    assert months == {MARCH: (93.7, 3, 2), date(2026, 4, 1): (90.0, 1, 1)}
    posts = {(r["post__name"], r["month"]): r["average"] for r in queries.by_post_month(main)}
    assert posts[("办公楼保洁", MARCH)] == Decimal("95.5")
    teams = queries.by_team_month(main, start=MARCH, end=MARCH)
    assert [(round(float(r["average"]), 1), r["count"]) for r in teams] == [(93.7, 3)]
    assert [e.score for e in queries.person_history(main, post_setup.member)] == [Decimal("100.0")]
    start, end = year_bounds(2026)
    values = compute(site_ids=[personas.site.pk], start=start, end=end)
    assert values["services.service_score"] == 92.8  # (91 + 100 + 90 + 90) ÷ 4 = 92.75
    assert values["services.evaluations"] == 4
    both = compute(site_ids=None, start=start, end=end)
    assert both["services.evaluations"] == 5
