"""service views."""

urlpatterns: list = []
