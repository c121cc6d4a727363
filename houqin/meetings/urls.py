from houqin.meetings.views import bookings, service

app_name = "meetings"

urlpatterns = [*bookings.urlpatterns, *service.urlpatterns]
