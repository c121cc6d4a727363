"""Pages of the regulations subject."""

urlpatterns: list = []
