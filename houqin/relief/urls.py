from houqin.relief.views import urlpatterns as pages

app_name = "relief"

urlpatterns = pages
