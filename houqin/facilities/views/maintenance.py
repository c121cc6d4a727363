"""maintenance views."""

urlpatterns: list = []
