from rest_framework.routers import DefaultRouter

from houqin.signage import api

router = DefaultRouter()
api.register(router)
urlpatterns = router.urls
