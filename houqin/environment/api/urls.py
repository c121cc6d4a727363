from rest_framework.routers import DefaultRouter

from houqin.environment.api import cleaning, greening, pests

router = DefaultRouter()
for subject in (greening, cleaning, pests):
    subject.register(router)
urlpatterns = router.urls
