"""Route kinds: each module that walks rounds (security patrols, cleaning inspections, pest
checks …) registers its kind here, and the engine calls back into it.

The engine knows nothing about patrols or hazards: a kind names the permission needed to walk its
rounds and a *finding handler* that turns a finding into the module's own record (a hazard, a
work order) and returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from houqin.core.permissions import has_perm_at, sites_with_perm

FindingHandler = Callable[..., object]  # (finding, photo, by) -> the record it opened
# (scan, results: list[ItemResult], by, photos: dict[item id, uploaded file]) -> None
ResultHandler = Callable[..., None]
ScanUrl = Callable[..., "str | None"]  # (checkpoint, user) -> the kind's own page, or None


@dataclass(frozen=True)
class RouteKindConfig:
    """What the engine needs to know about one kind of round."""

    kind: str
    label: str
    scan_perm: str
    finding_handler: FindingHandler | None = None
    finding_categories: tuple[tuple[str, str], ...] = ()  # offered on the finding form
    result_handler: ResultHandler | None = None  # called after check results are written
    scan_url: ScanUrl | None = None  # a scanned checkpoint's kind-specific page


KINDS: dict[str, RouteKindConfig] = {}


def register(
    kind: str,
    *,
    label,
    scan_perm: str,
    finding_handler: FindingHandler | None = None,
    finding_categories=(),
    result_handler: ResultHandler | None = None,
    scan_url: ScanUrl | None = None,
) -> RouteKindConfig:
    """Register (or replace) a route kind."""
    config = RouteKindConfig(
        kind=kind,
        label=label,
        scan_perm=scan_perm,
        finding_handler=finding_handler,
        finding_categories=tuple(finding_categories),
        result_handler=result_handler,
        scan_url=scan_url,
    )
    KINDS[kind] = config
    return config


def kind_config(kind: str) -> RouteKindConfig | None:
    """The registration of ``kind`` (None for a kind no module has registered)."""
    return KINDS.get(kind)


def kind_page(checkpoint, user, kinds: list[str]) -> str | None:
    """The first kind-specific page (among ``kinds``) for ``user`` who scanned ``checkpoint``."""
    for kind in kinds:
        config = KINDS.get(kind)
        url = config.scan_url(checkpoint, user) if config and config.scan_url else None
        if url:
            return url
    return None


def walkable_kinds(user, site_id: int | None = None) -> list[str]:
    """The registered kinds whose rounds ``user`` may walk (at ``site_id``, or anywhere)."""
    return [k for k, c in KINDS.items() if has_perm_at(user, c.scan_perm, site_id)]


def walk_sites(user) -> set[int] | None:
    """Site ids where ``user`` may walk rounds of some kind; None means every site."""
    sites: set[int] = set()
    for config in KINDS.values():
        ids = sites_with_perm(user, config.scan_perm)
        if ids is None:
            return None
        sites |= ids
    return sites
