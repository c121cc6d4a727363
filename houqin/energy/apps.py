from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnergyConfig(AppConfig):
    name = "houqin.energy"
    label = "energy"
    verbose_name = _("Energy and supplies")

    def ready(self):
        from houqin.energy import registrations  # noqa: F401
