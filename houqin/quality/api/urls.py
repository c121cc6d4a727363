from rest_framework.routers import DefaultRouter

from houqin.quality.api import evaluations, surveys

router = DefaultRouter()
for subject in (evaluations, surveys):
    subject.register(router)
urlpatterns = router.urls
