from rest_framework.routers import DefaultRouter

from houqin.energy.api import meters, readings, supplies

router = DefaultRouter()
for subject in (meters, readings, supplies):
    subject.register(router)
urlpatterns = router.urls
