"""Pages of the cleaning subject."""

urlpatterns = []
