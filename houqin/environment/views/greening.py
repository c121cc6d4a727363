"""Pages of the greening subject."""

urlpatterns = []
