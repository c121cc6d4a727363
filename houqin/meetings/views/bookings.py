"""bookings views."""

urlpatterns: list = []
