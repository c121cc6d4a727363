"""Pages of the library subject."""

urlpatterns = []
