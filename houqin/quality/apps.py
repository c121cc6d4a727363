from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "houqin.quality"
    label = "quality"
    verbose_name = _("Service quality")

    def ready(self):
        from houqin.quality import registrations  # noqa: F401
