"""The reports module keeps no figures: every one is computed from records. This model only
carries the permission to read reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """Unmanaged placeholder carrying the ``view_report`` permission."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_report", _("Can view reports and dashboards"))]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self._meta.verbose_name)
