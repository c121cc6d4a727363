from houqin.facilities.views import equipment, maintenance, runlogs, workorders

app_name = "facilities"

urlpatterns = [
    *equipment.urlpatterns,
    *runlogs.urlpatterns,
    *maintenance.urlpatterns,
    *workorders.urlpatterns,
]
