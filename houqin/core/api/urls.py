from django.urls import path

from houqin.core.api.views import MeView

urlpatterns = [path("me/", MeView.as_view(), name="api-me")]
