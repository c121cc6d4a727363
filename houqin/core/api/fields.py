"""API fields shared by every module."""

from rest_framework import serializers

from houqin.core.db import get_by_pk
from houqin.core.permissions import user_site_ids
from houqin.utils.text import parse_id


class SiteRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by id, only from the caller's sites (another site's ids read as unknown),
    loaded with its site in one prepared query."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        pk = parse_id(data)
        if pk is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        obj = get_by_pk(self.model, pk, ("site",))
        request = self.context.get("request")
        sites = user_site_ids(request.user) if request is not None else frozenset()
        if obj is None or (sites is not None and obj.site_id not in sites):
            self.fail("does_not_exist", pk_value=pk)
        return obj
