"""`houqin report annual --year Y [--site CODE] --format json|html|docx|pdf [-o FILE]`."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from houqin.core.models import Site
from houqin.reports.queries import annual_report
from houqin.reports.render import report_html


class Command(BaseCommand):
    help = "Print a report computed from the records (annual: the year's figures)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--site", default=None, help="site code; omitted: all sites")
        parser.add_argument("--format", choices=["json", "html", "docx", "pdf"], default="json")
        parser.add_argument("-o", "--output", default=None, help="file to write; default stdout")

    def handle(self, *args, kind, year, site, format, output, **options):
        translation.activate("zh-hans")
        site_obj = None
        if site:
            site_obj = Site.objects.filter(code=site).first()
            if site_obj is None:
                raise CommandError(f"Unknown site code: {site}")
        if format in ("docx", "pdf"):
            self._document(year, site_obj, format, output)
            return
        report = annual_report(
            year=year, site_ids=[site_obj.pk] if site_obj else None, site=site_obj
        )
        text = (
            json.dumps(report, ensure_ascii=False, indent=2)
            if format == "json"
            else report_html(report)
        )
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            self.stdout.write(text)

    def _document(self, year, site_obj, format, output) -> None:
        """The annual work summary as Word or PDF, written to ``output``."""
        from houqin.reports.summary.build import summary_build
        from houqin.reports.summary.docx import summary_docx
        from houqin.reports.summary.pdf import PdfConversionError, summary_pdf

        if not output:
            raise CommandError(f"--format {format} writes a file: give it with -o FILE.")
        summary = summary_build(
            year=year, site_ids=[site_obj.pk] if site_obj else None, site=site_obj
        )
        content = summary_docx(summary)
        if format == "pdf":
            try:
                content = summary_pdf(content)
            except PdfConversionError as exc:
                raise CommandError(str(exc)) from exc
            if content is None:
                raise CommandError("LibreOffice (soffice) is not installed: no PDF.")
        with open(output, "wb") as fh:
            fh.write(content)
