from rest_framework.routers import DefaultRouter

from houqin.procurement.api import projects, rules, suppliers

router = DefaultRouter()
for subject in (projects, suppliers, rules):
    subject.register(router)
urlpatterns = router.urls
