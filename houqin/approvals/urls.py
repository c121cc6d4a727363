from django.urls import path

from houqin.approvals import views
from houqin.approvals.models import ApprovalFlow
from houqin.core.generic import crud_urls

app_name = "approvals"

urlpatterns = [
    path("", views.ApprovalQueueView.as_view(), name="queue"),
    path("mine/", views.MyApprovalRequestsView.as_view(), name="mine"),
    path("<int:pk>/", views.ApprovalRequestDetailView.as_view(), name="request_detail"),
    path("<int:pk>/decide/", views.ApprovalDecideView.as_view(), name="request_decide"),
    path("<int:pk>/withdraw/", views.ApprovalWithdrawView.as_view(), name="request_withdraw"),
    *crud_urls(
        ApprovalFlow,
        prefix="flows",
        list_view=views.ApprovalFlowListView,
        detail_view=views.ApprovalFlowDetailView,
        edit_view=views.ApprovalFlowEditView,
    ),
]
