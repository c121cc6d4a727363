from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "houqin.outreach"
    label = "outreach"
    verbose_name = _("Science popularisation centre")

    def ready(self):
        from houqin.outreach import registrations  # noqa: F401
