"""The menu is data: each module registers its group of items in its AppConfig.ready()."""

from __future__ import annotations

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
