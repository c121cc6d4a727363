"""`houqin demo [--no-serve] [--port P]`: migrate, load the demo compound, serve."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from houqin.core.demo import DEMO_PASSWORD, LOGINS, demo_loaded, load_demo
from houqin.core.roles import role_label


class Command(BaseCommand):
    help = "Create the database, load the demo compound (once) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load and exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, port, **options):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        if demo_loaded():
            self.stdout.write("The demo compound is already loaded.")
        else:
            started = time.monotonic()
            self.stdout.write("Loading the demo compound …")
            load_demo(stdout=self.stdout)
            self.stdout.write(f"Loaded in {time.monotonic() - started:.1f} s.")
        self.print_logins(port)
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def print_logins(self, port: int) -> None:
        self.stdout.write(
            f"\nHouqin demo: http://127.0.0.1:{port}/   password for every login: {DEMO_PASSWORD}"
        )
        for username, role, _dept, _rank in LOGINS:
            self.stdout.write(f"  {username:<12} {role_label(role)}")
        self.stdout.write(
            f"\nThe 2006 annual work summary (log in as leader or office): "
            f"http://127.0.0.1:{port}/reports/summary/?year=2006\n"
            "As a Word document: "
            "houqin report annual --year 2006 --format docx -o summary-2006.docx"
        )
