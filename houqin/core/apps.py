from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "houqin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.models import Group, Permission

        from houqin.core import checks, directory  # noqa: F401  (deploy checks, menu)
        from houqin.core.audit import register_all
        from houqin.core.permissions import forget_role_permissions
        from houqin.core.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="houqin.sync_roles")
        # Each process keeps the roles' permissions (core.permissions.role_permissions).
        m2m_changed.connect(forget_role_permissions, sender=Group.permissions.through)
        for model in (Group, Permission):
            post_delete.connect(forget_role_permissions, sender=model)
        register_all()
