from django.urls import path

from houqin.reports.api.views import AnnualReportView, SummaryView

urlpatterns = [
    path("annual/", AnnualReportView.as_view(), name="api-annual-report"),
    path("summary/", SummaryView.as_view(), name="api-summary"),
]
