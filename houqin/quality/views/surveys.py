"""surveys views."""

urlpatterns: list = []
