"""Core pages: home dashboard, site switcher, notifications, error pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from houqin.core import navigation, services
from houqin.core.dashboard import cards_for
from houqin.core.generic import safe_next_url
from houqin.core.middleware import SESSION_SITE_KEY
from houqin.core.models import Notification
from houqin.core.permissions import user_site_ids
from houqin.utils.text import parse_id


@login_required
def home(request):
    """The home dashboard: each module's live counts for the chosen site."""
    template = "core/_cards.html" if request.headers.get("HX-Request") else "core/home.html"
    return render(request, template, {"cards": cards_for(request), "title": _("Home")})


@login_required
@require_POST
def site_switch(request):
    """Choose the site the pages show (empty: all of the user's sites)."""
    raw = request.POST.get("site", "")
    if raw:
        site_id = parse_id(raw)
        if site_id is None:
            return HttpResponseBadRequest(_("Unknown site."))
        allowed = user_site_ids(request.user)
        if allowed is not None and site_id not in allowed:
            return HttpResponseBadRequest(_("You have no role at that site."))
        request.session[SESSION_SITE_KEY] = site_id
    else:
        request.session.pop(SESSION_SITE_KEY, None)
    return redirect(safe_next_url(request))


@login_required
def notification_list(request):
    """The user's notifications, newest first."""
    items = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "core/notifications.html", {"items": items, "title": _("Notifications")})


@login_required
@require_POST
def notification_read(request):
    """Mark one notification (or all of them) as read."""
    services.notification_mark_read(user=request.user, pk=parse_id(request.POST.get("pk")))
    return redirect(safe_next_url(request, "/notifications/"))


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to."""
    return redirect(static("houqin/favicon.svg"), permanent=True)


def error_404(request, exception=None):
    return render(request, "404.html", {"title": _("Not found")}, status=404)


def error_403(request, exception=None):
    return render(request, "403.html", {"title": _("Not allowed")}, status=403)


def error_400(request, exception=None):
    return render(request, "400.html", {"title": _("Bad request")}, status=400)


def error_500(request):
    return render(request, "500.html", {"title": _("Server error")}, status=500)


class SignInView(auth_views.LoginView):
    """The sign-in page, which also offers the pages anyone may open without signing in."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "public_links": navigation.public_links()}
