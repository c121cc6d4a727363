from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "houqin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from houqin.core import checks, directory  # noqa: F401  (deploy checks, menu)
        from houqin.core.audit import register_all
        from houqin.core.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="houqin.sync_roles")
        register_all()
