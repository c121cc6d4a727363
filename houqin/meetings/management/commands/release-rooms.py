"""`houqin release-rooms`: release the rooms of confirmed meetings nobody checked in to within the
room's check-in minutes (the organiser is told, the slot offered to the waitlist), then expire
waitlist offers not taken in time (each passes to the next one waiting).

Run every 5 minutes (cron or a systemd timer). Running it twice releases nothing twice.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from houqin.meetings.services.bookings import bookings_release_no_shows, waitlist_expire_offers


class Command(BaseCommand):
    help = "Release meeting rooms nobody checked in to, and expire stale waitlist offers."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="YYYY-MM-DDTHH:MM local time (default now)")

    def handle(self, *args, **options):
        now = timezone.now()
        if options.get("now"):
            try:
                now = timezone.make_aware(datetime.fromisoformat(options["now"]))
            except ValueError as exc:
                raise CommandError("--now: use YYYY-MM-DDTHH:MM") from exc
        released = bookings_release_no_shows(now=now)
        expired = waitlist_expire_offers(now=now)
        self.stdout.write(f"Released {released} bookings; expired {expired} waitlist offers.")
