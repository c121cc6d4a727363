from django.urls import path

from houqin.reports.views import annual, catalogue, dashboard, documents, summary

app_name = "reports"
urlpatterns = [
    path("annual/", annual.annual, name="annual"),
    path("summary/", summary.summary_page, name="summary"),
    path("summary/word/", documents.summary_docx, name="summary_docx"),
    path("summary/pdf/", documents.summary_pdf, name="summary_pdf"),
    path("summary/wording/", summary.wording_list, name="summary_wording"),
    path("summary/wording/<int:pk>/", summary.wording_edit, name="summary_text_edit"),
    path("summary/wording/<int:pk>/preview/", summary.wording_preview, name="summary_text_preview"),
    path("summary/wording/<int:pk>/move/", summary.wording_move, name="summary_text_move"),
    path("summary/wording/<int:pk>/toggle/", summary.wording_toggle, name="summary_text_toggle"),
    path("dashboard/", dashboard.cockpit, name="dashboard"),
    path("metrics/", catalogue.catalogue, name="catalogue"),
]
