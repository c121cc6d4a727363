"""`houqin escalate-hazards`: tell the leadership about hazards past their deadline.

Run daily (cron or a systemd timer). Each overdue hazard is escalated once: its site's
leadership receive an in-app notification and the hazard records when it was escalated.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from houqin.security.services.hazards import hazards_escalate


class Command(BaseCommand):
    help = "Escalate overdue safety hazards to the leadership (once per hazard)."

    def handle(self, *args, **options):
        count = hazards_escalate(now=timezone.now())
        self.stdout.write(f"Escalated {count} overdue hazards.")
