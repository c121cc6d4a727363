from houqin.team.views import records, regulations, training

app_name = "team"

urlpatterns = [
    *training.urlpatterns,
    *regulations.urlpatterns,
    *records.urlpatterns,
]
