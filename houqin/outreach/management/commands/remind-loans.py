"""`houqin remind-loans`: remind borrowers of overdue books, and expire holds not collected.

Run daily (cron or a systemd timer). Each overdue loan is reminded once, then again after a
week (the loan records the day)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from houqin.outreach.services.library import holds_expire, loans_remind


class Command(BaseCommand):
    help = "Remind borrowers of overdue books and expire holds not collected in time."

    def handle(self, *args, **options):
        today = timezone.localdate()
        expired = holds_expire(today=today)
        count = loans_remind(today=today)
        self.stdout.write(f"Sent {count} reminders; {expired} holds expired.")
