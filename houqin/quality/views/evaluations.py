"""evaluations views."""

urlpatterns: list = []
