"""Pages of the training subject."""

urlpatterns: list = []
