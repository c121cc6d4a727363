from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "houqin.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from houqin.meetings import registrations  # noqa: F401
