"""The menu is data: each module registers its group of items in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from houqin.core.permissions import has_perm_at


@dataclass
class MenuItem:
    label: str
    url_name: str
    perm: str | None = None
    icon: str = "dot"


@dataclass
class MenuGroup:
    key: str
    label: str
    icon: str
    items: list[MenuItem] = field(default_factory=list)
    order: int = 50  # place in the menu: daily work first, configuration and reference last


MENU: dict[str, MenuGroup] = {}


def register(group: MenuGroup) -> None:
    """Add (or replace) a module's menu group."""
    MENU[group.key] = group


def menu_for(user) -> list[dict]:
    """The groups and items this user may open, with their URLs."""
    result = []
    for group in sorted(MENU.values(), key=lambda g: g.order):
        items = [
            {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
            for item in group.items
            if item.perm is None or has_perm_at(user, item.perm)
        ]
        if items:
            result.append({"label": group.label, "icon": group.icon, "items": items})
    return result


@dataclass(frozen=True)
class PublicPage:
    """A page anyone may open without signing in (SPEC §1: the procurement portal, the public
    donation list), offered on the sign-in page for each site that publishes it."""

    label: str
    url_name: str  # takes the site code as ``site``
    sites: Callable[[], list[tuple[str, str]]]  # (code, name) of the sites that publish it


PUBLIC_PAGES: list[PublicPage] = []


def register_public(page: PublicPage) -> None:
    """Offer a public page on the sign-in page."""
    PUBLIC_PAGES.append(page)


def public_links() -> list[dict]:
    """(label, site name, URL) of every public page of every site that publishes it."""
    return [
        {"label": page.label, "site": name, "url": reverse(page.url_name, kwargs={"site": code})}
        for page in PUBLIC_PAGES
        for code, name in page.sites()
    ]
