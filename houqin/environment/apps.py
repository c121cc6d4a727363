from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    name = "houqin.environment"
    label = "environment"
    verbose_name = _("Environment and sanitation")

    def ready(self):
        from houqin.environment import registrations  # noqa: F401
