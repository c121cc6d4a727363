"""runlogs views."""

urlpatterns: list = []
