"""`houqin plan-maintenance`: generate the maintenance tasks of every active plan, then move
open tasks to due soon or overdue, sending reminders and escalations.

Run daily (cron or a systemd timer). Running it twice creates nothing twice. Plans that generate
nothing, and plans that failed, are listed so that no plan silently stops.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from houqin.facilities.services.maintenance import tasks_generate, tasks_update_status


class Command(BaseCommand):
    help = "Generate maintenance tasks, then update task statuses, reminders and escalations."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default today)")

    def handle(self, *args, **options):
        today = options.get("today") or timezone.localdate()
        generated = tasks_generate(today=today)
        self.stdout.write(f"Generated {generated.total} tasks for {len(generated.created)} plans.")
        for pk, reason in generated.not_generating.items():
            self.stdout.write(f"Not generating: plan {pk} {generated.names[pk]}: {reason}")
        for pk, error in generated.errors.items():
            self.stderr.write(f"Failed: plan {pk} {generated.names[pk]}: {error}")
        status = tasks_update_status(today=today)
        self.stdout.write(
            f"Due soon {status.due}, overdue {status.overdue}, reminders {status.reminded}, "
            f"escalations {status.escalated}."
        )
