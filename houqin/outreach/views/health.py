"""Pages of the health subject."""

urlpatterns = []
