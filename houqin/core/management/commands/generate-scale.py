"""`houqin generate-scale`: synthetic records at the scale of SPEC §5, for benchmarks."""

import time

from django.core.management.base import BaseCommand

from houqin.security.scale import generate_visits


class Command(BaseCommand):
    help = "Write synthetic records at city scale (1,000,000 visitor registrations by default)."

    def add_arguments(self, parser):
        parser.add_argument("--site", default="bench")
        parser.add_argument("--visits", type=int, default=1_000_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--end-year", type=int, default=2026)

    def handle(self, *args, site, visits, years, end_year, **options):
        started = time.monotonic()
        written = generate_visits(
            site_code=site,
            count=visits,
            years=years,
            end_year=end_year,
            progress=lambda n: self.stdout.write(f"  {n:,} visitor registrations"),
        )
        self.stdout.write(
            f"Wrote {written:,} visitor registrations for site {site} in "
            f"{time.monotonic() - started:.0f} s."
        )
