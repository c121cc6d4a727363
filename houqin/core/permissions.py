"""Per-role, per-site permissions.

A user's permissions are the union of the permissions of the roles (groups) they hold, each at a
site. ``sites_with_perm`` answers "at which sites may this user do X"; everything that restricts
data goes through it. The signed-in user of a request (session or API token) is read in one
query together with those roles, their sites and their unread notifications (``identity_sql``),
which stay on the user object for the request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from rest_framework.permissions import BasePermission

from houqin.core.db import execute, from_row, select_columns, width

_CACHE_ATTR = "_houqin_site_perms"
_SITES_ATTR = "_houqin_sites"

# The roles a user holds and where, joined to the user row ``u``: one row per active site, with
# the ids of the roles held there joined into one text ("3,7"). Read on every request, with the
# user, so written as one plain query rather than built by the ORM.
_ROLES_JOINS = """
LEFT JOIN core_membership m ON m.user_id = u.id
LEFT JOIN core_site s ON s.id = m.site_id AND s.is_active
"""


# The bell of every page: the user's unread notifications (index recipient, read_at).
_UNREAD_SQL = (
    "SELECT COUNT(*) FROM core_notification n WHERE n.recipient_id = u.id AND n.read_at IS NULL"
)
_UNREAD_ATTR = "_houqin_unread"

# What each role may do changes only when an administrator edits the role groups, yet joining
# every role's permissions to every request cost more than everything else the request asked.
# Each process keeps the roles' permissions; every request reads this fingerprint of the table
# that holds them (its size and highest id: any link added or removed changes one of them), and
# a process reloads the roles when the fingerprint differs from the one it loaded them under.
_ROLES_FINGERPRINT_SQL = (
    "SELECT CAST(COUNT(*) AS TEXT) || '-' || CAST(COALESCE(MAX(id), 0) AS TEXT) "
    "FROM auth_group_permissions"
)
_ROLE_PERMS_SQL = """
SELECT gp.group_id, ct.app_label || '.' || p.codename FROM auth_group_permissions gp
JOIN auth_permission p ON p.id = gp.permission_id
JOIN django_content_type ct ON ct.id = p.content_type_id
"""
_role_perms: tuple[str | None, dict[int, frozenset[str]]] = (None, {})


def role_permissions(fingerprint: str) -> dict[int, frozenset[str]]:
    """Each role's (group's) permissions as "app.codename", loaded again only when the roles'
    fingerprint differs from the one they were loaded under."""
    global _role_perms
    loaded_under, perms = _role_perms
    if loaded_under != fingerprint:
        found: dict[int, set[str]] = defaultdict(set)
        with connection.cursor() as cursor:
            cursor.execute(_ROLE_PERMS_SQL)
            for group_id, perm in cursor.fetchall():
                found[group_id].add(perm)
        perms = {group_id: frozenset(names) for group_id, names in found.items()}
        _role_perms = (fingerprint, perms)
    return perms


def forget_role_permissions(**kwargs) -> None:
    """A role's permissions changed in this process: the next request loads them again (other
    processes see the fingerprint change)."""
    global _role_perms
    _role_perms = (None, {})
    _site_permissions.cache_clear()


@lru_cache(maxsize=512)
def _site_permissions(
    fingerprint: str, held: tuple[tuple[int, str], ...]
) -> dict[str, frozenset[int]]:
    """{permission: the sites where it is held} for roles ``held`` as (site id, "role id,…");
    "" maps to every site of ``held``. Many users hold the same roles at the same sites, so the
    answer is kept (under the roles' fingerprint) and shared: callers only read it."""
    roles = role_permissions(fingerprint)
    perms: dict[str, list[int]] = defaultdict(list)
    for site_id, role_ids in held:
        perms[""].append(site_id)
        for perm in frozenset().union(*(roles.get(int(role), ()) for role in role_ids.split(","))):
            perms[perm].append(site_id)
    # Most permissions are held at the same sites: one frozenset serves all of them.
    shared: dict[tuple[int, ...], frozenset[int]] = {}
    return {perm: shared.setdefault(tuple(ids), frozenset(ids)) for perm, ids in perms.items()}


def identity_sql(source: str, where: str) -> str:
    """SELECT a user (every column), each active site where they hold a role (every column), how
    many unread notifications they have, the roles' fingerprint and the roles they hold at each
    site, from ``source`` (which names the user table ``u``)."""
    from django.contrib.auth import get_user_model

    from houqin.core.models import Site

    join = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    return (
        f"SELECT {select_columns(get_user_model(), 'u')}, {select_columns(Site, 's')}, "
        f"({_UNREAD_SQL}), ({_ROLES_FINGERPRINT_SQL}), "
        f"{join}(CAST(m.role_id AS TEXT), ',') "
        f"FROM {source} {_ROLES_JOINS} WHERE {where} GROUP BY u.id, s.id"
    )


def load_identity(rows):
    """The user of ``identity_sql``'s rows (None without rows), knowing their permissions and
    sites, so that nothing about them is asked of the database again in this request."""
    from django.contrib.auth import get_user_model

    from houqin.core.models import Site

    if not rows:
        return None
    user_model = get_user_model()
    split = width(user_model)
    user = from_row(user_model, rows[0][:split])
    sites = []
    held = []
    for row in rows:
        site = from_row(Site, row[split : split + width(Site)])
        if site.pk is None:  # no role at any active site
            continue
        sites.append(site)
        held.append((site.pk, row[-1]))
    setattr(user, _CACHE_ATTR, _site_permissions(rows[0][-2], tuple(held)))
    setattr(user, _UNREAD_ATTR, rows[0][-3])
    if not user.is_superuser:  # a superuser's sites are every active site (user_sites)
        setattr(user, _SITES_ATTR, sorted(sites, key=lambda site: site.code))
    return user


def load_user(pk: int):
    """The user with this primary key, with their permissions and sites (one query)."""
    from django.contrib.auth import get_user_model

    with connection.cursor() as cursor:
        execute(cursor, identity_sql(f"{get_user_model()._meta.db_table} u", "u.id = %s"), [pk])
        return load_identity(cursor.fetchall())


def unread_count(user) -> int:
    """How many notifications the user has not read (read with the user, else asked now)."""
    count = getattr(user, _UNREAD_ATTR, None)
    if count is None:
        from houqin.core.models import Notification

        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        setattr(user, _UNREAD_ATTR, count)
    return count


def forget_unread_count(user) -> None:
    """After notifications were marked read: the next ``unread_count`` asks again."""
    if hasattr(user, _UNREAD_ATTR):
        delattr(user, _UNREAD_ATTR)


def _perm_map(user) -> dict[str, frozenset[int]]:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    loaded = load_user(user.pk)
    setattr(user, _CACHE_ATTR, getattr(loaded, _CACHE_ATTR, {}))
    setattr(user, _UNREAD_ATTR, getattr(loaded, _UNREAD_ATTR, 0))
    if not user.is_superuser:
        setattr(user, _SITES_ATTR, getattr(loaded, _SITES_ATTR, []))
    return getattr(user, _CACHE_ATTR)


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


def user_sites(user) -> list:
    """The active sites the user holds any role at (every active site for a superuser), by
    code; read with the user's permissions and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _SITES_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        from houqin.core.models import Site

        sites = list(Site.objects.filter(is_active=True).order_by("code"))
        setattr(user, _SITES_ATTR, sites)
        return sites
    _perm_map(user)
    return getattr(user, _SITES_ATTR)


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
