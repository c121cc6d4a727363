"""`houqin purge-visitor-pii [--older-than DAYS]`: erase visitors' personal data past retention.

Run daily (cron or a systemd timer). Names, ID and phone numbers of registrations older than the
retention period are erased; the registrations stay, so every count and report is unchanged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from houqin.security.services import visits_purge_pii


class Command(BaseCommand):
    help = "Erase personal data of visitor registrations older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.VISITOR_PII_RETENTION_DAYS,
            metavar="DAYS",
            help="retention in days (default %(default)s)",
        )

    def handle(self, *args, older_than, **options):
        try:
            count = visits_purge_pii(older_than_days=older_than)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Erased personal data of {count} visitor registrations older than {older_than} days."
        )
