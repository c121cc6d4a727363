"""Pages of the publicity subject."""

urlpatterns = []
