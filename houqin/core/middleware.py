"""Request-wide concerns: the strict content security policy, the idle timeout and the site chosen
in the site switcher."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Everything is served from this host: a CDN link, an inline script or an injected <script> fails.
CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SESSION_ACTIVITY_KEY = "houqin_last_seen"
SESSION_SITE_KEY = "houqin_site_id"


class ContentSecurityPolicyMiddleware:
    """Add the strict Content-Security-Policy and Permissions-Policy headers to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=()")
        return response


class IdleTimeoutMiddleware:
    """Log a browser session out after ``IDLE_TIMEOUT_MINUTES`` without a request.

    The last-seen time is written at most once a minute so that a busy page does not write the
    session row on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(SESSION_ACTIVITY_KEY)
            if last is not None and now - last > settings.IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                if not request.path.startswith("/api/"):
                    return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            elif (last is None or now - last >= 60) and not request.headers.get("X-Houqin-Poll"):
                # Automatic refreshes of an open page are not a person at work.
                request.session[SESSION_ACTIVITY_KEY] = now
        return self.get_response(request)


def _current_site(request):
    from houqin.core.permissions import user_sites

    site_id = request.session.get(SESSION_SITE_KEY) if hasattr(request, "session") else None
    if not site_id or not request.user.is_authenticated:
        return None
    return next((site for site in user_sites(request.user) if site.pk == site_id), None)


class CurrentSiteMiddleware:
    """Expose the site chosen in the switcher as ``request.site`` (None: all the user's sites)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site = _current_site(request)
        return self.get_response(request)
