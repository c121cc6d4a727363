from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "houqin.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self):
        from houqin.facilities import (  # noqa: F401  (registrations)
            dashboard,
            events,
            inspections,
            menu,
            metrics,
            scan,
        )
