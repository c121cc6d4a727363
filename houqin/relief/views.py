"""Relief pages."""

urlpatterns = []
