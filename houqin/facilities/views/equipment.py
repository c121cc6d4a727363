"""equipment views."""

urlpatterns: list = []
