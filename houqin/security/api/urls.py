from rest_framework.routers import DefaultRouter

from houqin.security.api import duty, hazards
from houqin.security.api.views import BlacklistEntryViewSet, InvitationViewSet, VisitViewSet

router = DefaultRouter()
router.register("visits", VisitViewSet, basename="visit")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("blacklist", BlacklistEntryViewSet, basename="blacklistentry")
duty.register(router)
hazards.register(router)
urlpatterns = router.urls
