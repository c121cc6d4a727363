"""The API base: a ViewSet is queryset + serializer + filterset; every request is checked for
role and site; records are voided, never deleted."""

from auditlog.context import auditlog_value
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from houqin.core import services
from houqin.core.permissions import SitePermission, has_perm_at


class InputSerializer(serializers.Serializer):
    """A plain input serializer whose fields are copied shallowly per request.

    DRF deep-copies each declared field by calling its constructor again; binding a field only
    sets attributes on the copy, so a shallow copy serves and costs a fraction."""

    def get_fields(self):
        return {name: _clone(field) for name, field in self._declared_fields.items()}


def _clone(field):
    """A shallow copy of a declared field (what ``copy.copy`` makes, without its generic
    protocol): a new instance sharing the field's attributes until ``bind`` sets its own."""
    clone = object.__new__(type(field))
    clone.__dict__.update(field.__dict__)
    return clone


class ReadSerializer(serializers.Serializer):
    """A read-only serializer that represents an object with its declared fields directly.

    DRF deep-copies every declared field for each serializer instance; for a plain read-out the
    class-level fields serve as they are (they hold no per-instance state)."""

    def to_representation(self, instance):
        out = {}
        for name, field in self._declared_fields.items():
            value = instance
            for part in (field.source or name).split("."):
                value = getattr(value, part, None)
                if value is None:
                    break
            out[name] = None if value is None else field.to_representation(value)
        return out


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class SiteScopedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, update and void records of the sites the caller holds the role at."""

    permission_classes = [SitePermission]
    required_perms: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        """Authenticate, then attribute history entries to the API caller: the auditlog
        middleware ran before token authentication and saw nobody."""
        super().initial(request, *args, **kwargs)
        context = auditlog_value.get(None)
        if context is not None and context.get("actor") is None:
            context["actor"] = request.user

    def get_queryset(self):
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        if self.action == "void":
            action = "void"
        return self.queryset.restrict(self.request.user, action)

    def check_site(self, site) -> None:
        """Refuse to write a record into a site where the caller lacks the add permission."""
        opts = self.queryset.model._meta
        if not has_perm_at(self.request.user, f"{opts.app_label}.add_{opts.model_name}", site.pk):
            raise ValidationError({"site": [_("You may not add records at this site.")]})

    @extend_schema(request=VoidSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void the record with a reason; it stays on record and stops counting."""
        if not hasattr(self.get_queryset().model, "voided_at"):
            raise MethodNotAllowed(request.method)
        obj = self.get_object()
        data = VoidSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.perform_void(obj, data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_void(self, obj, reason: str) -> None:
        """Void through the generic service; a module overrides this with its own."""
        services.record_void(record=obj, by=self.request.user, reason=reason)
