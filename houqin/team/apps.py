from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    name = "houqin.team"
    label = "team"
    verbose_name = _("Team building")

    def ready(self):
        from houqin.team import registrations  # noqa: F401
