"""Pages of the records subject."""

urlpatterns: list = []
