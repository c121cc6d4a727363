"""Two people booking the last place at the same instant: exactly one gets it — on SQLite the
IMMEDIATE write transaction serialises the bookings, on PostgreSQL the session row lock does."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from houqin.core import roles
from houqin.core.testing import make_user
from houqin.outreach.models import HealthBooking
from houqin.outreach.services.health import session_book
from houqin.outreach.tests.helpers_outreach import make_session, person_of

N = 4


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_of_the_last_place_make_one_booking(personas):
    session = make_session(personas.site, starts_in=timedelta(days=1), capacity=1)
    users = [make_user(f"r{i}", roles.STAFF, personas.site) for i in range(N)]
    outcomes: list[str] = []
    barrier = threading.Barrier(N)

    def request(user):
        barrier.wait()
        try:
            session_book(session=session, person=person_of(user), by=user)
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == N
    assert outcomes.count("booked") == 1
    assert HealthBooking.objects.filter(session=session).count() == 1
