"""Pages of the supplies subject."""

urlpatterns: list = []
