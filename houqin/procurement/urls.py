from houqin.procurement.views import projects, rules, savings, suppliers

app_name = "procurement"

urlpatterns = [
    *projects.urlpatterns,
    *suppliers.urlpatterns,
    *rules.urlpatterns,
    *savings.urlpatterns,
]
