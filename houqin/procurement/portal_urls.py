"""The public portal of the four publics (no login): /public/<site code>/procurement/."""

from houqin.procurement.views import portal

app_name = "procurement_public"

urlpatterns = portal.urlpatterns
