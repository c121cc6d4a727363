from houqin.quality.views import evaluations, surveys

app_name = "quality"

urlpatterns = [*evaluations.urlpatterns, *surveys.urlpatterns]
