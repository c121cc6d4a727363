from houqin.environment.views import cleaning, greening, pests

app_name = "environment"

urlpatterns = [*greening.urlpatterns, *cleaning.urlpatterns, *pests.urlpatterns]
