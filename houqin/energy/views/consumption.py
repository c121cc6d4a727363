"""Pages of the consumption subject."""

urlpatterns: list = []
