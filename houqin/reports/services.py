"""Changes to the summary's wording: the defaults a site starts with, editing a piece (the
template is checked first), moving a point up or down within its part, switching it off.
History comes from the audit log (``reports.SummaryText`` is registered)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from houqin.core import services as core
from houqin.core.models import Site, User
from houqin.reports.models import SummaryText
from houqin.reports.queries import summary_texts
from houqin.reports.summary.defaults import DEFAULTS
from houqin.reports.summary.template import template_check


def _positions() -> dict[str, int]:
    """Each default's position within its part (0, 1, 2 … in the order of ``DEFAULTS``)."""
    seen: dict[str, int] = {}
    positions = {}
    for default in DEFAULTS:
        positions[default.key] = seen.get(default.part, 0)
        seen[default.part] = positions[default.key] + 1
    return positions


def summary_texts_ensure(*, site: Site | None) -> None:
    """Create the default wording rows ``site`` (None: the all-sites summary) lacks yet; one
    query when it has them all. A new row goes after the site's own rows of its part."""
    keys = set(summary_texts(site).values_list("key", flat=True))
    missing = [d for d in DEFAULTS if d.key not in keys]
    if not missing:
        return
    positions = _positions()
    with transaction.atomic():
        SummaryText.objects.bulk_create(
            [
                SummaryText(
                    site=site,
                    key=d.key,
                    part=d.part,
                    kind=d.kind,
                    position=positions[d.key] + (len(DEFAULTS) if keys else 0),
                    lead=d.lead,
                    template=d.template,
                )
                for d in missing
            ],
            ignore_conflicts=True,
        )


def _record(text: SummaryText, user: User | None, verb: str) -> None:
    if text.site_id is not None:  # the all-sites wording has no site to file an event under
        core.event_record(site=text.site, verb=verb, actor=user, target=text)


def summary_text_update(
    *, text: SummaryText, user: User | None, template: str, lead: str, enabled: bool
) -> SummaryText:
    """Save new wording; a template naming an unknown figure (or malformed) raises
    ValidationError and nothing changes."""
    template, lead = (template or "").strip(), (lead or "").strip()
    template_check(template)
    limit = SummaryText._meta.get_field("lead").max_length
    if len(lead) > limit:
        raise ValidationError(
            _("The lead phrase is longer than %(limit)d characters."), params={"limit": limit}
        )
    changes = {"template": template, "lead": lead, "enabled": bool(enabled)}
    changed = [name for name, value in changes.items() if getattr(text, name) != value]
    if not changed:
        return text
    with transaction.atomic():
        for name in changed:
            setattr(text, name, changes[name])
        text.updated_by = user if user is not None and user.is_authenticated else None
        text.save(update_fields=[*changed, "updated_by", "updated_at"])
        _record(text, user, "summary_text_updated")
    return text


def summary_text_move(*, text: SummaryText, user: User | None, up: bool) -> None:
    """Swap ``text`` with its neighbour of the same kind in its part (the one above with
    ``up``); nothing at either end. The part's rows are renumbered 0, 1, 2 … as they then
    stand, so positions that tie (rows added later) cannot block a move."""
    rows = list(summary_texts(text.site).filter(part=text.part))
    index = next(i for i, row in enumerate(rows) if row.pk == text.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows) or rows[other].kind != text.kind:
        return
    rows[index], rows[other] = rows[other], rows[index]
    editor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        for position, row in enumerate(rows):
            if row.position != position:
                row.position, row.updated_by = position, editor
                row.save(update_fields=["position", "updated_by", "updated_at"])
        _record(text, user, "summary_text_moved")


def summary_text_toggle(*, text: SummaryText, user: User | None) -> SummaryText:
    """Switch a piece of wording off (left out of the summary) or back on."""
    with transaction.atomic():
        text.enabled = not text.enabled
        text.updated_by = user if user is not None and user.is_authenticated else None
        text.save(update_fields=["enabled", "updated_by", "updated_at"])
        _record(text, user, "summary_text_toggled")
    return text
