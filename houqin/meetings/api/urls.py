from rest_framework.routers import DefaultRouter

from houqin.meetings.api import bookings, service

router = DefaultRouter()
for subject in (bookings, service):
    subject.register(router)
urlpatterns = router.urls
