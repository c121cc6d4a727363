from rest_framework.routers import DefaultRouter

from houqin.outreach.api import health, library, publicity

router = DefaultRouter()
for subject in (library, health, publicity):
    subject.register(router)
urlpatterns = router.urls
