from django.urls import path

from houqin.core.generic import crud_urls
from houqin.security.models import BlacklistEntry, Invitation, Visit
from houqin.security.views import duty, hazards
from houqin.security.views import visitors as v

app_name = "security"

urlpatterns = [
    path("gate/", v.GateView.as_view(), name="gate"),
    path("gate/scan/", v.GateScanView.as_view(), name="gate_scan"),
    path("hosts/", v.HostOptionsView.as_view(), name="host_options"),
    path("visits/check-in/", v.CheckInView.as_view(), name="visit_add"),
    path("visits/import/", v.VisitImportView.as_view(), name="visit_import"),
    path("visits/<int:pk>/check-out/", v.CheckOutView.as_view(), name="visit_check_out"),
    path("visits/<int:pk>/reveal/<str:field>/", v.RevealView.as_view(), name="visit_reveal"),
    *crud_urls(
        Visit, list_view=v.VisitListView, detail_view=v.VisitDetailView, void_view=v.VisitVoidView
    ),
    path("invitations/add/", v.InvitationCreateView.as_view(), name="invitation_add"),
    *crud_urls(
        Invitation,
        list_view=v.InvitationListView,
        detail_view=v.InvitationDetailView,
        void_view=v.InvitationVoidView,
    ),
    *crud_urls(
        BlacklistEntry,
        list_view=v.BlacklistEntryListView,
        detail_view=v.BlacklistEntryDetailView,
        edit_view=v.BlacklistEntryEditView,
        void_view=v.BlacklistEntryVoidView,
    ),
    *duty.urlpatterns,
    *hazards.urlpatterns,
]
