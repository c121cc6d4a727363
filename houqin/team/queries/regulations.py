"""Reads of the regulations library: the version in force on a day, full-text search with
snippets, revisions adopted in a period, and a line diff between two versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, When

from houqin.team.models import Regulation, RegulationVersion

SNIPPET_CHARS = 40
MAX_HITS = 200
IN_FORCE_FIELDS = {
    "in_force_id": "pk",
    "in_force_version": "version",
    "in_force_from": "effective_from",
    "in_force_adopted": "adopted_on",
    "in_force_document": "document_number",
}


def live(site_ids) -> QuerySet:
    """Regulations of ``site_ids`` (every site when None) that are not void."""
    qs = Regulation.objects.filter(voided_at__isnull=True)
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def not_repealed_q(on: date, prefix: str = "") -> Q:
    """Regulations not repealed by ``on`` (repealed on that very day counts as repealed)."""
    return Q(**{f"{prefix}repealed_on__isnull": True}) | Q(**{f"{prefix}repealed_on__gt": on})


def version_in_force(regulation: Regulation, on: date) -> RegulationVersion | None:
    """The version of ``regulation`` in force on ``on``, or None (void, repealed by then, or
    not yet in effect)."""
    if regulation.voided_at is not None:
        return None
    if regulation.repealed_on is not None and regulation.repealed_on <= on:
        return None
    versions = regulation.versions.filter(effective_from__lte=on).select_related("revised_by")
    return versions.order_by("-effective_from").first()


def with_version_on(queryset: QuerySet, on: date) -> QuerySet:
    """``queryset`` of regulations annotated with the version in force on ``on``
    (``in_force_id``, ``in_force_version``, ``in_force_from`` …; None when none is), in the same
    query."""
    latest = RegulationVersion.objects.filter(
        regulation=OuterRef("pk"), effective_from__lte=on
    ).order_by("-effective_from")
    annotations = {
        name: Subquery(latest.values(field)[:1]) for name, field in IN_FORCE_FIELDS.items()
    }
    repealed = Q(repealed_on__isnull=False, repealed_on__lte=on)
    return queryset.annotate(
        **{
            name: Case(When(repealed, then=None), default=expr)
            for name, expr in annotations.items()
        }
    )


def in_force_on(*, site_ids, on: date) -> QuerySet:
    """Every live regulation with a version in force on ``on``, annotated with that version
    (one query)."""
    return with_version_on(live(site_ids).filter(not_repealed_q(on)), on).filter(
        in_force_id__isnull=False
    )


def versions_in_force_q(on: date) -> Q:
    """Versions in force on ``on``: in effect, no later version in effect, regulation live and
    not repealed."""
    later = RegulationVersion.objects.filter(
        regulation=OuterRef("regulation"),
        effective_from__lte=on,
        effective_from__gt=OuterRef("effective_from"),
    )
    return (
        Q(effective_from__lte=on, regulation__voided_at__isnull=True)
        & not_repealed_q(on, "regulation__")
        & ~Exists(later)
    )


def text_q(text: str) -> Q:
    """Versions whose text, or whose regulation's title, contains ``text`` (``icontains`` also
    finds Chinese substrings, which word-based full-text search would not)."""
    return Q(text__icontains=text) | Q(regulation__title__icontains=text)


@dataclass(frozen=True)
class Hit:
    """A version found by a search, with the text around the first match."""

    version: RegulationVersion
    before: str
    match: str
    after: str


def search(*, site_ids, text: str, on: date | None = None) -> list[Hit]:
    """Versions of live regulations whose text or title contains ``text`` (only those in force
    on ``on`` when given), newest version first per regulation, each with a snippet."""
    text = (text or "").strip()
    if not text:
        return []
    qs = RegulationVersion.objects.filter(regulation__voided_at__isnull=True).filter(text_q(text))
    if site_ids is not None:
        qs = qs.filter(site_id__in=site_ids)
    if on is not None:
        qs = qs.filter(versions_in_force_q(on))
    return hits(qs, text)


def hits(versions: QuerySet, text: str) -> list[Hit]:
    """``versions`` (already matching ``text``) as hits with snippets, at most ``MAX_HITS``."""
    rows = versions.select_related("regulation").order_by("regulation__title", "-version")
    found = []
    for version in rows[:MAX_HITS]:
        parts = snippet(version.text, text) or snippet(version.regulation.title, text)
        found.append(Hit(version, *(parts or ("", "", ""))))
    return found


def snippet(body: str, text: str, width: int = SNIPPET_CHARS) -> tuple[str, str, str] | None:
    """(before, match, after) around the first case-insensitive occurrence of ``text`` in
    ``body``, each side at most ``width`` characters (with … where cut); None if absent."""
    at = body.lower().find(text.lower())
    if at < 0:
        return None
    end = at + len(text)
    start, stop = max(0, at - width), min(len(body), end + width)
    before = ("…" if start else "") + body[start:at]
    after = body[end:stop] + ("…" if stop < len(body) else "")
    return " ".join(before.split()), body[at:end], " ".join(after.split())


def revisions(*, site_ids, start: date, end: date) -> QuerySet:
    """Versions after the first adopted in [start, end), of live regulations."""
    qs = RegulationVersion.objects.filter(
        regulation__voided_at__isnull=True, version__gt=1, adopted_on__gte=start, adopted_on__lt=end
    )
    return qs if site_ids is None else qs.filter(site_id__in=site_ids)


def adoption_counts(*, site_ids, start: date, end: date) -> dict:
    """Revisions and first versions adopted in [start, end), in one query."""
    qs = RegulationVersion.objects.filter(
        regulation__voided_at__isnull=True, adopted_on__gte=start, adopted_on__lt=end
    )
    qs = qs if site_ids is None else qs.filter(site_id__in=site_ids)
    return qs.aggregate(
        revised=Count("pk", filter=Q(version__gt=1)), new=Count("pk", filter=Q(version=1))
    )


def in_force_count(*, site_ids, on: date) -> int:
    """How many live regulations have a version in force on ``on``."""
    started = RegulationVersion.objects.filter(regulation=OuterRef("pk"), effective_from__lte=on)
    return live(site_ids).filter(not_repealed_q(on), Exists(started)).count()


def version_rows(regulation: Regulation, on: date) -> list[dict]:
    """Every version of ``regulation``, newest first, with the day it was superseded (the next
    version's effective day, or the repeal) and whether it is the one in force on ``on``."""
    versions = list(regulation.versions.select_related("revised_by").order_by("version"))
    current = version_in_force(regulation, on)
    rows = []
    for i, version in enumerate(versions):
        following = versions[i + 1] if i + 1 < len(versions) else None
        ends = following.effective_from if following else regulation.repealed_on
        in_force = current is not None and version.pk == current.pk
        rows.append({"version": version, "superseded_on": ends, "in_force": in_force})
    return rows[::-1]


def line_diff(old: RegulationVersion, new: RegulationVersion) -> list[dict]:
    """The lines of ``old`` and ``new`` side by side: each row's kind (equal, delete, insert,
    replace), its old line number and text, its new line number and text."""
    a, b = old.text.splitlines(), new.text.splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            left, right = i1 + k, j1 + k
            rows.append(
                {
                    "kind": tag,
                    "old_no": left + 1 if left < i2 else None,
                    "old": a[left] if left < i2 else "",
                    "new_no": right + 1 if right < j2 else None,
                    "new": b[right] if right < j2 else "",
                }
            )
    return rows
