from rest_framework.routers import DefaultRouter

from houqin.facilities.api import equipment, maintenance, runlogs, workorders

router = DefaultRouter()
for subject in (equipment, runlogs, maintenance, workorders):
    subject.register(router)
urlpatterns = router.urls
