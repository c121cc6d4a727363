"""`make bench` part (g): the public display page and feed of one info screen that shows 200
current messages and has 5,000 past ones, against the floor of selecting the same rows in raw
SQL (the screen by its token, then its current messages).

Half the current messages are for this screen, half for every screen of the site; the past
ones are spread over the preceding years. Rows are written once with bulk INSERTs; later runs
reuse them.

Run alone while developing: ``python -m houqin.signage.bench``.
"""

from __future__ import annotations

import sys
from datetime import timedelta

SITE_CODE, SCREEN_CODE = "bench", "BENCH-LED"
CURRENT, PAST = 200, 5_000
TARGET = 5  # page time at most this many times the floor

FLOOR_SQL = """
SELECT m.id, m.title, m.kind, m.body, m.image, m.video_url, m.seconds
FROM signage_message m
WHERE m.site_id = %s AND m.status = 'approved' AND m.voided_at IS NULL
  AND m.valid_from <= %s AND m.valid_until > %s
  AND (m.all_screens OR m.id IN (SELECT ms.message_id FROM signage_message_screens ms
                                 WHERE ms.screen_id = %s))
ORDER BY m.valid_from, m.id
"""


def _screen():
    """The bench site's screen, with its messages written on first use."""
    from houqin.core.models import Site
    from houqin.signage.models import Screen

    site, _ = Site.objects.get_or_create(code=SITE_CODE, defaults={"name": "Bench"})
    screen, created = Screen.objects.get_or_create(
        site=site, code=SCREEN_CODE, defaults={"name": "大厅LED", "kind": "led"}
    )
    if created or not screen.messages.exists():
        _generate(screen)
    return screen


def _generate(screen) -> None:
    from django.db import transaction
    from django.utils import timezone

    from houqin.signage.models import Message

    now = timezone.now()
    rows = [_message(screen, i, now, current=True) for i in range(CURRENT)]
    rows += [_message(screen, CURRENT + i, now, current=False) for i in range(PAST)]
    with transaction.atomic():
        Message.objects.bulk_create(rows, batch_size=1000)
        created = Message.objects.filter(site=screen.site, number__startswith="TW-BENCH-")
        link = Message.screens.through
        link.objects.bulk_create(
            [
                link(message_id=pk, screen_id=screen.pk)
                for pk in created.filter(all_screens=False).values_list("pk", flat=True)
            ],
            batch_size=1000,
        )


def _message(screen, i: int, now, *, current: bool):
    from houqin.signage.models import Message

    if current:  # valid for ten years: the measured page stays full on later runs
        start, end = now - timedelta(minutes=i + 1), now + timedelta(days=3650)
    else:
        start = now - timedelta(days=30 + i // 3)
        end = start + timedelta(days=7)
    return Message(
        site=screen.site,
        number=f"TW-BENCH-{i:05d}",
        title=f"通知 {i}",
        kind="text",
        body=f"第 {i} 条图文信息:请各单位按时参加会议。" * 3,
        valid_from=start,
        valid_until=end,
        seconds=10,
        all_screens=i % 2 == 1,
        status="approved",
        approved_at=start,
    )


def _floor(screen):
    from django.db import connection
    from django.utils import timezone

    def raw():
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, site_id, refresh_seconds FROM signage_screen "
                "WHERE token = %s AND is_active",
                [screen.token],
            )
            cursor.fetchone()
            cursor.execute(FLOOR_SQL, [screen.site_id, now, now, screen.pk])
            rows = cursor.fetchall()
        assert len(rows) == CURRENT, len(rows)

    return raw


def _getter(client, url: str):
    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b'data-testid="slide"') == CURRENT

    return get


def bench_signage(args) -> list[tuple]:
    """(label, value ms, floor ms, ratio, target, ok) for the display page and its feed."""
    from django.test import Client
    from django.urls import reverse

    from houqin.bench import _median_ms

    screen = _screen()
    repeat = getattr(args, "repeat", 15)
    client = Client()
    floor = _median_ms(_floor(screen), repeat)
    rows = []
    for label, name in (
        ("(h) info-screen display page (ms)", "signage:display"),
        ("(h) info-screen display feed (ms)", "signage:display_feed"),
    ):
        value = _median_ms(_getter(client, reverse(name, args=[screen.token])), repeat)
        ratio = value / floor
        rows.append((label, value, floor, ratio, f"<= {TARGET}", ratio <= TARGET))
    return rows


def main(argv=None) -> int:
    """Prepare the data and print this module's rows alone (the whole bench is houqin.bench)."""
    from houqin.bench import run_module

    return run_module(argv, __doc__.splitlines()[0], [], bench_signage)


if __name__ == "__main__":
    sys.exit(main())
