"""Per-role, per-site permissions.

A user's permissions are the union of the permissions of the roles (groups) they hold, each at a
site. ``sites_with_perm`` answers "at which sites may this user do X" with one query per request,
cached on the user object; everything that restricts data goes through it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from rest_framework.permissions import BasePermission

_CACHE_ATTR = "_houqin_site_perms"


# Read on every request, so written as one plain query rather than built through the ORM.
_PERM_SQL = """
SELECT m.site_id, ct.app_label, p.codename
FROM core_membership m
JOIN core_site s ON s.id = m.site_id AND s.is_active
LEFT JOIN auth_group_permissions gp ON gp.group_id = m.role_id
LEFT JOIN auth_permission p ON p.id = gp.permission_id
LEFT JOIN django_content_type ct ON ct.id = p.content_type_id
WHERE m.user_id = %s
"""


def _perm_map(user) -> dict[str, frozenset[int]]:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_PERM_SQL, [user.pk])
        rows = cursor.fetchall()
    perms: dict[str, set[int]] = defaultdict(set)
    for site_id, app_label, codename in rows:
        perms[""].add(site_id)  # "" collects every site the user belongs to at all
        if codename:
            perms[f"{app_label}.{codename}"].add(site_id)
    result = {perm: frozenset(ids) for perm, ids in perms.items()}
    setattr(user, _CACHE_ATTR, result)
    return result


def sites_with_perm(user, perm: str) -> frozenset[int] | None:
    """Site ids where ``user`` holds ``perm``; ``None`` means every site (superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    return _perm_map(user).get(perm, frozenset())


def perm_signature(user) -> str:
    """A short digest of the user's permissions at every site (for cache keys)."""
    import hashlib

    items = sorted((perm, sorted(ids)) for perm, ids in _perm_map(user).items())
    return hashlib.sha1(repr((user.is_superuser, items)).encode()).hexdigest()[:16]


def user_site_ids(user) -> frozenset[int] | None:
    """Every site the user holds any role at; ``None`` for a superuser."""
    return sites_with_perm(user, "")


def role_holders(*, site_id: int, roles: Iterable[str]):
    """Active users holding any of ``roles`` at an active site (whom a module notifies or asks
    to decide)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__site_id=site_id,
            memberships__site__is_active=True,
            memberships__role__name__in=list(roles),
        )
        .distinct()
    )


def has_perm_at(user, perm: str, site_id: int | None = None) -> bool:
    """True if the user holds ``perm`` at ``site_id`` (or at any site when it is None)."""
    sites = sites_with_perm(user, perm)
    if sites is None:
        return True
    return bool(sites) if site_id is None else site_id in sites


class SitePermission(BasePermission):
    """DRF permission: the view's ``required_perm`` (or the model's default for the HTTP method)
    must be held at some site; object access is then limited by ``restrict`` on the queryset and
    re-checked per object."""

    method_actions = {
        "GET": "view",
        "HEAD": "view",
        "OPTIONS": "view",
        "POST": "add",
        "PUT": "change",
        "PATCH": "change",
        "DELETE": "void",
    }
    named_actions = ("void",)

    def _perms(self, request, view) -> tuple[str, ...]:
        """The permissions of which the caller needs any one for this request."""
        explicit = getattr(view, "required_perms", {}).get(getattr(view, "action", None))
        if explicit:
            return (explicit,) if isinstance(explicit, str) else tuple(explicit)
        opts = view.queryset.model._meta
        action = getattr(view, "action", None)
        if action not in self.named_actions:
            action = self.method_actions.get(request.method, "change")
        return (f"{opts.app_label}.{action}_{opts.model_name}",)

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated) and any(
            has_perm_at(user, perm) for perm in self._perms(request, view)
        )

    def has_object_permission(self, request, view, obj):
        return any(
            has_perm_at(request.user, perm, obj.site_id) for perm in self._perms(request, view)
        )
