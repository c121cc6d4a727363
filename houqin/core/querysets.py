"""The one restricting queryset through which permission-scoped objects are fetched."""

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may see (or change) and where."""

    def restrict(self, user, action: str = "view"):
        """Rows of the sites where ``user`` holds a role granting ``<app>.<action>_<model>``."""
        from houqin.core.permissions import sites_with_perm

        opts = self.model._meta
        site_ids = sites_with_perm(user, f"{opts.app_label}.{action}_{opts.model_name}")
        if site_ids is None:
            return self
        return self.filter(site_id__in=site_ids)

    def in_scope(self, request):
        """Rows of the site chosen in the site switcher, or of every site when none is chosen."""
        site = getattr(request, "site", None)
        return self.filter(site=site) if site is not None else self
