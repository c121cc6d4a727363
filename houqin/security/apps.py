from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "houqin.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self):
        from houqin.security import (  # noqa: F401  (registrations)
            dashboard_hazards,
            events,
            menu,
            metrics,
            patrols,
            scan,
        )
        from houqin.security.services.duty import register_swap_approval

        register_swap_approval()
