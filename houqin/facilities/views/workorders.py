"""workorders views."""

urlpatterns: list = []
