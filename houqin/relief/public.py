"""Relief public donation lists (no login)."""

urlpatterns = []
