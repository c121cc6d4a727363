"""Pages of the readings subject."""

urlpatterns: list = []
