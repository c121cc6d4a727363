from django.urls import path

from houqin.reports import views

app_name = "reports"
urlpatterns = [path("annual/", views.annual, name="annual")]
