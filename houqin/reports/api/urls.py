from django.urls import path

from houqin.reports.api.views import AnnualReportView

urlpatterns = [path("annual/", AnnualReportView.as_view(), name="api-annual-report")]
