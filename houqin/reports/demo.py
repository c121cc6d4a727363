"""Demo wording of the annual work summary: the default wording for both demo sites and for
the summary of all sites; the main site's title is the seed's own (以人为本 强化职能 …)."""

from __future__ import annotations

from houqin.reports.models import SummaryText
from houqin.reports.services import summary_texts_ensure
from houqin.reports.summary.defaults import SEED_TITLE


def load(ctx) -> None:
    """Ensure the wording rows exist; give the main site the title the seed used."""
    for site in (ctx.site, ctx.other_site, None):
        summary_texts_ensure(site=site)
    SummaryText.objects.filter(site=ctx.site, key="title").update(template=SEED_TITLE)
