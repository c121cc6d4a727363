"""API of the info screens: screens and messages (read). Messages are written on the staff
pages, where the preview shows how they look."""

from rest_framework import serializers

from houqin.core.api.viewsets import ReadSerializer, SiteScopedViewSet
from houqin.signage.filtersets import MessageFilterSet, ScreenFilterSet
from houqin.signage.models import Message, Screen

READ_ONLY = ["get", "head", "options"]


class ScreenSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    location = serializers.IntegerField(source="location_id", read_only=True)
    refresh_seconds = serializers.IntegerField(read_only=True)
    is_portrait = serializers.BooleanField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    last_seen_at = serializers.DateTimeField(read_only=True)


class MessageSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    video_url = serializers.CharField(read_only=True)
    valid_from = serializers.DateTimeField(read_only=True)
    valid_until = serializers.DateTimeField(read_only=True)
    seconds = serializers.IntegerField(read_only=True)
    all_screens = serializers.BooleanField(read_only=True)
    status = serializers.CharField(read_only=True)
    approved_at = serializers.DateTimeField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class ScreenViewSet(SiteScopedViewSet):
    queryset = Screen.objects.select_related("site")
    serializer_class = ScreenSerializer
    filterset_class = ScreenFilterSet
    http_method_names = READ_ONLY


class MessageViewSet(SiteScopedViewSet):
    queryset = Message.objects.select_related("site")
    serializer_class = MessageSerializer
    filterset_class = MessageFilterSet
    http_method_names = READ_ONLY


def register(router) -> None:
    router.register("screens", ScreenViewSet, basename="signage-screen")
    router.register("messages", MessageViewSet, basename="signage-message")
