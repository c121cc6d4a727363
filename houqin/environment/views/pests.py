"""Pages of the pests subject."""

urlpatterns = []
