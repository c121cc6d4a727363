"""API serializers of the inspection engine."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from houqin.core.api.viewsets import InputSerializer, ReadSerializer
from houqin.inspections.models import Checkpoint, Round


class ScanInputSerializer(InputSerializer):
    """A scan sent by a phone: the code it read, and for a scan queued offline the time it was
    taken (ISO 8601 with its offset)."""

    token = serializers.CharField(
        max_length=300, help_text=_("The scanned link, its signed token, or the checkpoint code")
    )
    scanned_at = serializers.DateTimeField(required=False, allow_null=True)


class ScanSerializer(ReadSerializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField(source="round_id")
    round_number = serializers.CharField(source="round.number")
    round_status = serializers.CharField(source="round.status")
    scans_done = serializers.IntegerField(source="round.scans_done")
    stops_total = serializers.IntegerField(source="round.stops_total")
    checkpoint = serializers.IntegerField(source="checkpoint_id")
    checkpoint_code = serializers.CharField(source="checkpoint.code")
    checkpoint_name = serializers.CharField(source="checkpoint.name")
    scanned_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField()
    scanned_by = serializers.IntegerField(source="scanned_by_id")
    queued = serializers.BooleanField()
    in_order = serializers.BooleanField()
    on_time = serializers.BooleanField()


class RoundSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.code", read_only=True)
    route_name = serializers.CharField(source="route.name", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "number",
            "site",
            "route",
            "route_name",
            "kind",
            "starts_at",
            "ends_at",
            "status",
            "walked_by",
            "first_scan_at",
            "last_scan_at",
            "scans_done",
            "stops_total",
            "score",
            "voided_at",
        ]
        read_only_fields = fields


class CheckpointSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.code", read_only=True)

    class Meta:
        model = Checkpoint
        fields = ["id", "site", "code", "name", "location", "is_active"]
        read_only_fields = fields
