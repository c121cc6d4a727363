"""`houqin warn-certificates`: warn facilities managers of expiring certificates and lift
inspections falling due.

Run daily (cron or a systemd timer). Each certificate is warned once (it records when); each lift
inspection due date is warned once (an event on the lift names the date).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from houqin.facilities.services.equipment import certificates_warn


class Command(BaseCommand):
    help = "Warn facilities managers of certificates expiring and lift inspections falling due."

    def handle(self, *args, **options):
        count = certificates_warn(today=timezone.localdate())
        self.stdout.write(f"Sent {count} warnings.")
