from rest_framework.routers import DefaultRouter

from houqin.relief.api import views

router = DefaultRouter()
views.register(router)
urlpatterns = router.urls
