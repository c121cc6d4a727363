"""``houqin close-rounds`` (cron, every few minutes): schedule today's and tomorrow's rounds of
every site, and close the rounds whose time is over (missed, or complete/late/out of order)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from houqin.core.models import Site
from houqin.inspections.services import rounds_close_due, rounds_schedule


class Command(BaseCommand):
    help = "Schedule the coming rounds and close the rounds that are past due."

    def handle(self, *args, **options):
        today = timezone.localdate()
        created = 0
        for site in Site.objects.filter(is_active=True):
            for day in (today, today + timedelta(days=1)):
                created += len(rounds_schedule(site=site, day=day))
        closed = rounds_close_due(now=timezone.now())
        self.stdout.write(f"rounds scheduled: {created}; rounds closed: {closed}")
