from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "houqin.procurement"
    label = "procurement"
    verbose_name = _("Government procurement")

    def ready(self):
        from houqin.procurement import registrations  # noqa: F401
