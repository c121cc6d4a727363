from houqin.energy.views import consumption, meters, readings, supplies

app_name = "energy"

urlpatterns = [
    *meters.urlpatterns,
    *readings.urlpatterns,
    *consumption.urlpatterns,
    *supplies.urlpatterns,
]
