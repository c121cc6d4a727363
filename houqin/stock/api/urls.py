from rest_framework.routers import DefaultRouter

from houqin.stock.api import views

router = DefaultRouter()
views.register(router)
urlpatterns = router.urls
