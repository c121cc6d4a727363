from rest_framework.routers import DefaultRouter

from houqin.approvals.api.views import ApprovalRequestViewSet

router = DefaultRouter()
router.register("requests", ApprovalRequestViewSet, basename="approvalrequest")
urlpatterns = router.urls
