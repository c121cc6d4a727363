from rest_framework.routers import DefaultRouter

from houqin.team.api import records, regulations, training

router = DefaultRouter()
for subject in (training, regulations, records):
    subject.register(router)
urlpatterns = router.urls
