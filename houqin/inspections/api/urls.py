from rest_framework.routers import DefaultRouter

from houqin.inspections.api.views import CheckpointViewSet, RoundViewSet, ScanViewSet

router = DefaultRouter()
router.register("scans", ScanViewSet, basename="inspection-scan")
router.register("rounds", RoundViewSet, basename="inspection-round")
router.register("checkpoints", CheckpointViewSet, basename="inspection-checkpoint")
urlpatterns = router.urls
