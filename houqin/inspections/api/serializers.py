"""API serializers of the inspection engine."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from houqin.core.api.viewsets import InputSerializer, ReadSerializer
from houqin.inspections import queries
from houqin.inspections.models import Checkpoint, Round


class StrictBooleanField(serializers.BooleanField):
    """True or false as JSON booleans only: "no", 0 or "off" are refused, not guessed."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class ResultInputSerializer(InputSerializer):
    """One check item's outcome."""

    item = serializers.IntegerField(min_value=1)
    passed = StrictBooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ResultsInputSerializer(InputSerializer):
    """Check results sent on their own, after the scan (they replace earlier ones)."""

    results = serializers.ListField(
        child=ResultInputSerializer(), allow_empty=False, max_length=100
    )

    def validate_results(self, value):
        ids = [r["item"] for r in value]
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError(_("A check item is given twice."))
        return value

    def result_tuples(self) -> list[tuple[int, bool, str]]:
        return [
            (r["item"], r["passed"], r.get("note", ""))
            for r in self.validated_data.get("results") or []
        ]


class ScanInputSerializer(ResultsInputSerializer):
    """A scan sent by a phone: the code it read, for a scan queued offline the time it was taken
    (ISO 8601 with its offset), and optionally the check results taken with it."""

    token = serializers.CharField(
        max_length=300, help_text=_("The scanned link, its signed token, or the checkpoint code")
    )
    scanned_at = serializers.DateTimeField(required=False, allow_null=True)
    results = serializers.ListField(child=ResultInputSerializer(), required=False, max_length=100)


class ItemSerializer(serializers.Serializer):
    """A check item due at the scanned checkpoint, with the result recorded for it, if any."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    weight = serializers.IntegerField()
    result = serializers.DictField(allow_null=True)


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
    score = serializers.DecimalField(source="round.score", max_digits=5, decimal_places=1)


class ScanWithItemsSerializer(ScanSerializer):
    """The answer to a scan or to results: the scan and the check items due at its checkpoint
    (for the phone to show and fill in)."""

    items = ItemSerializer(many=True, read_only=True)

    def to_representation(self, instance):
        out = super().to_representation(instance)
        out["items"] = queries.scan_items(instance)
        return out


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
