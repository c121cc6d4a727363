from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignageConfig(AppConfig):
    name = "houqin.signage"
    label = "signage"
    verbose_name = _("Info screens")

    def ready(self):
        from houqin.signage import registrations  # noqa: F401
