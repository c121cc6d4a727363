"""Top-level URLs: pages per module, the REST API under /api/, its schema and docs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from houqin.core import views as core_views
from houqin.core.generic import AttachmentUploadView, attachment_file
from houqin.core.middleware import CSP


class ApiDocsView(SpectacularSwaggerSplitView):
    """The browsable API docs, served locally; Swagger UI styles its widgets inline, so this one
    page allows inline styles (scripts stay same-origin only)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = CSP.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response


api_patterns = [
    path("security/", include("houqin.security.api.urls")),
    path("", include("houqin.core.api.urls")),
    path("inspections/", include("houqin.inspections.api.urls")),
    path("facilities/", include("houqin.facilities.api.urls")),
    path("meetings/", include("houqin.meetings.api.urls")),
    path("signage/", include("houqin.signage.api_urls")),
    path("quality/", include("houqin.quality.api.urls")),
    path("environment/", include("houqin.environment.api.urls")),
    path("outreach/", include("houqin.outreach.api.urls")),
    path("stock/", include("houqin.stock.api.urls")),
    path("procurement/", include("houqin.procurement.api.urls")),
    path("relief/", include("houqin.relief.api.urls")),
    path("energy/", include("houqin.energy.api.urls")),
    path("team/", include("houqin.team.api.urls")),
    path("reports/", include("houqin.reports.api.urls")),
    path("approvals/", include("houqin.approvals.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    # First: the API takes the most requests (gates, patrols, meters), and a URL is matched by
    # trying the patterns in order.
    path("api/", include(api_patterns)),
    path("", core_views.home, name="home"),
    path("favicon.ico", core_views.favicon),
    path("site/", core_views.site_switch, name="site_switch"),
    path("notifications/", core_views.notification_list, name="notification_list"),
    path("notifications/read/", core_views.notification_read, name="notification_read"),
    path(
        "attachments/<str:app_label>/<str:model_name>/<int:pk>/",
        AttachmentUploadView.as_view(),
        name="attachment_add",
    ),
    path("attachments/<int:pk>/", attachment_file, name="attachment_file"),
    path("directory/", include("houqin.core.directory_urls")),
    path("accounts/login/", core_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("security/", include("houqin.security.urls")),
    path("inspections/", include("houqin.inspections.urls")),
    path("facilities/", include("houqin.facilities.urls")),
    path("meetings/", include("houqin.meetings.urls")),
    path("signage/", include("houqin.signage.urls")),
    path("quality/", include("houqin.quality.urls")),
    path("environment/", include("houqin.environment.urls")),
    path("outreach/", include("houqin.outreach.urls")),
    path("stock/", include("houqin.stock.urls")),
    path("procurement/", include("houqin.procurement.urls")),
    path("relief/", include("houqin.relief.urls")),
    path("energy/", include("houqin.energy.urls")),
    path("team/", include("houqin.team.urls")),
    path("public/<slug:site>/procurement/", include("houqin.procurement.portal_urls")),
    path("public/<slug:site>/relief/", include("houqin.relief.public_urls")),
    path("reports/", include("houqin.reports.urls")),
    path("approvals/", include("houqin.approvals.urls")),
    path("s/", include("houqin.core.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "houqin.core.views.error_400"
handler403 = "houqin.core.views.error_403"
handler404 = "houqin.core.views.error_404"
handler500 = "houqin.core.views.error_500"
