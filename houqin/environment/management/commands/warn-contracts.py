"""`houqin warn-contracts`: warn environment managers of greening contracts about to end.

Run daily (cron or a systemd timer). Each contract is warned once, ``HOUQIN_CONTRACT_WARN_DAYS``
(default 60) days before it ends; it records when. Changing its end date warns it again.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from houqin.environment.services.greening import contracts_warn


class Command(BaseCommand):
    help = "Warn environment managers of greening contracts ending within the warning period."

    def handle(self, *args, **options):
        count = contracts_warn(today=timezone.localdate())
        self.stdout.write(f"Sent {count} warnings.")
