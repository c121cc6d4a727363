from houqin.procurement.views import notices, projects, rules, savings, suppliers

app_name = "procurement"

urlpatterns = [
    *projects.urlpatterns,
    *suppliers.urlpatterns,
    *rules.urlpatterns,
    *savings.urlpatterns,
    *notices.urlpatterns,
]
