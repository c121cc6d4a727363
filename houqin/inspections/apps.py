from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "houqin.inspections"
    label = "inspections"
    verbose_name = _("Inspection rounds")

    def ready(self):
        from houqin.inspections import events, menu, scan  # noqa: F401  (registrations)
