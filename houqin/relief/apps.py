from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "houqin.relief"
    label = "relief"
    verbose_name = _("Disaster relief")

    def ready(self):
        from houqin.relief import registrations  # noqa: F401
