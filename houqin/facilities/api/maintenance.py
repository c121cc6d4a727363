"""API of preventive maintenance: plans (read), tasks (list, read, void) and recording a task
done through its service."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.facilities.filtersets.maintenance import (
    MaintenancePlanFilterSet,
    MaintenanceTaskFilterSet,
)
from houqin.facilities.models import MaintenancePlan, MaintenanceTask
from houqin.facilities.services import maintenance as services


class MaintenancePlanSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    equipment = serializers.IntegerField(source="equipment_id", read_only=True)
    name = serializers.CharField(read_only=True)
    standard = serializers.CharField(read_only=True)
    recurrence = serializers.CharField(read_only=True)
    interval = serializers.IntegerField(read_only=True)
    interval_unit = serializers.CharField(read_only=True)
    meter_interval = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    start_on = serializers.DateField(read_only=True)
    end_on = serializers.DateField(read_only=True)
    holiday_rule = serializers.CharField(read_only=True)
    lead_days = serializers.IntegerField(read_only=True)
    escalate_days = serializers.IntegerField(read_only=True)
    assignee = serializers.IntegerField(source="assignee_id", read_only=True)
    generated_through = serializers.DateField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class TaskCheckSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    passed = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)


class MaintenanceTaskSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)
    number = serializers.CharField(read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    equipment = serializers.IntegerField(source="equipment_id", read_only=True)
    scheduled_on = serializers.DateField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    meter_due = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    status = serializers.CharField(read_only=True)
    assignee = serializers.IntegerField(source="assignee_id", read_only=True)
    done_at = serializers.DateTimeField(read_only=True)
    done_by = serializers.IntegerField(source="done_by_id", read_only=True)
    result = serializers.CharField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class MaintenanceTaskDetailSerializer(MaintenanceTaskSerializer):
    """A task with its checklist."""

    def to_representation(self, instance):
        out = super().to_representation(instance)
        out["checks"] = [TaskCheckSerializer(c).data for c in instance.checks.all()]
        return out


class CheckResultSerializer(InputSerializer):
    check = serializers.IntegerField()
    passed = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TaskCompleteSerializer(InputSerializer):
    results = CheckResultSerializer(many=True)
    result = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    done_at = serializers.DateTimeField(required=False, allow_null=True)
    open_work_order = serializers.BooleanField(default=False)


class MaintenancePlanViewSet(SiteScopedViewSet):
    queryset = MaintenancePlan.objects.select_related("site")
    serializer_class = MaintenancePlanSerializer
    filterset_class = MaintenancePlanFilterSet
    http_method_names = ["get", "head", "options"]


class MaintenanceTaskViewSet(SiteScopedViewSet):
    """Maintenance tasks (filters as on the ledger page); ``complete`` records one done."""

    queryset = MaintenanceTask.objects.select_related("site")
    serializer_class = MaintenanceTaskSerializer
    filterset_class = MaintenanceTaskFilterSet
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {"complete": "facilities.complete_maintenancetask"}

    def get_queryset(self):
        if self.action == "complete":
            return self.queryset.restrict(self.request.user, "complete")
        return super().get_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MaintenanceTaskDetailSerializer
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        """Tasks are generated from plans on the server, never posted."""
        raise exceptions.MethodNotAllowed("POST")

    @extend_schema(request=TaskCompleteSerializer, responses=MaintenanceTaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record the task done: every check passed or failed (with a note), the result."""
        task = self.get_object()
        data = TaskCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        task = services.task_complete(
            task=task,
            by=request.user,
            results={r["check"]: (r["passed"], r["note"]) for r in d["results"]},
            result=d["result"],
            done_at=d.get("done_at"),
            open_work_order=d["open_work_order"],
        )
        return Response(MaintenanceTaskDetailSerializer(task).data)


def register(router) -> None:
    """Add this subject's endpoints to the facilities router."""
    router.register("maintenance-plans", MaintenancePlanViewSet, basename="maintenanceplan")
    router.register("maintenance-tasks", MaintenanceTaskViewSet, basename="maintenancetask")
