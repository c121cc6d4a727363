"""Builders of the survey and satisfaction tests: surveys, and rated meetings and repairs
written straight to the tables (the ratings' own workflows are tested in their apps)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from houqin.facilities.models import WorkOrder
from houqin.meetings.models import Booking, Room
from houqin.quality.choices import PostKind
from houqin.quality.models import Survey
from houqin.quality.services.surveys import survey_open, survey_save

SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def local(*args) -> datetime:
    """An aware datetime in the compound's time zone."""
    return datetime(*args, tzinfo=SHANGHAI)


def make_survey(site, by, *, services=(PostKind.CLEANING, PostKind.CANTEEN), **fields) -> Survey:
    """A draft survey open from an hour ago for a week (through ``survey_save``)."""
    now = timezone.now()
    survey = Survey(
        site=site,
        title=fields.pop("title", "2026年度干部职工满意度测评"),
        services=list(services),
        opens_at=fields.pop("opens_at", now - timedelta(hours=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=7)),
        **fields,
    )
    return survey_save(survey=survey, by=by)


def open_survey(site, by, **fields) -> Survey:
    """A survey opened with its invitations sent."""
    survey = make_survey(site, by, **fields)
    survey_open(survey=survey, by=by)
    survey.refresh_from_db()
    return survey


def rated_meeting(site, organiser, rating: int, rated_at: datetime) -> Booking:
    """A served meeting rated by its organiser."""
    room = Room.objects.filter(site=site).first() or Room.objects.create(
        site=site, code="R1", name="第一会议室", capacity=20
    )
    # each meeting in a slot of its own: a room never holds two overlapping bookings
    start = rated_at - timedelta(hours=3 + 2 * next(_numbers))
    return Booking.objects.create(
        site=site,
        number=f"HY-T-{next(_numbers)}",
        room=room,
        title="办公会",
        organiser=organiser,
        attendees=10,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        served_at=start + timedelta(hours=1),
        rating=rating,
        rated_at=rated_at,
    )


def rated_repair(site, reporter, rating: int, rated_at: datetime, *, void=False) -> WorkOrder:
    """A closed work order rated by its reporter (voided when ``void``)."""
    return WorkOrder.objects.create(
        site=site,
        number=f"WX-T-{next(_numbers)}",
        description="灯不亮",
        reported_at=rated_at - timedelta(days=1),
        reporter=reporter,
        status="closed",
        closed_at=rated_at,
        rating=rating,
        rated_at=rated_at,
        voided_at=rated_at if void else None,
        void_reason="重复报修" if void else "",
    )
