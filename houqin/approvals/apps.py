from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "houqin.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from houqin.approvals import events, menu  # noqa: F401  (registrations)
