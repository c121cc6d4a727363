"""What every page's shell shows: the menu, the site switcher and unread notifications."""

from houqin.core.navigation import menu_for
from houqin.core.permissions import perm_signature, unread_count, user_sites


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {
        "menu": lambda: menu_for(user),
        # The rendered menu is cached per set of permissions (and language), so a change of
        # roles shows at once while an unchanged menu is not rebuilt on every page.
        "menu_key": lambda: menu_cache_key(user),
        "switchable_sites": lambda: user_sites(user),
        "current_site": request.site,
        "unread_count": lambda: unread_count(user),
    }


def menu_cache_key(user) -> str:
    """A key that changes whenever the user's permissions change."""
    return f"{user.pk}:{perm_signature(user)}"
