"""API serializers of the approvals engine."""

from rest_framework import serializers

from houqin.approvals.registry import kind_label
from houqin.approvals.services import COMMENT_MAX
from houqin.core.api.viewsets import InputSerializer


class ApprovalDecisionSerializer(serializers.Serializer):
    step = serializers.IntegerField()
    role = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.get_username")
    decided_at = serializers.DateTimeField()
    approved = serializers.BooleanField()
    comment = serializers.CharField()


class ApprovalRequestSerializer(serializers.Serializer):
    """A request and where it stands (decisions only on the detail)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    site = serializers.CharField(source="site.code")
    title = serializers.CharField()
    target_type = serializers.SerializerMethodField()
    target_id = serializers.IntegerField(source="object_id")
    target_url = serializers.CharField()
    submitted_by = serializers.CharField(source="submitted_by.get_username")
    submitted_at = serializers.DateTimeField()
    status = serializers.CharField()
    current_step = serializers.IntegerField()
    steps = serializers.ListField(child=serializers.CharField())
    decided_at = serializers.DateTimeField(allow_null=True)

    def get_kind_label(self, obj) -> str:
        return kind_label(obj.kind)

    def get_target_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class ApprovalRequestDetailSerializer(ApprovalRequestSerializer):
    decisions = ApprovalDecisionSerializer(many=True, source="decision_list")


class DecideSerializer(InputSerializer):
    """The body of POST …/decide/: approve (true) or reject (false), with a comment."""

    approve = serializers.BooleanField()
    comment = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True)
