"""Pages of the meters subject."""

urlpatterns: list = []
