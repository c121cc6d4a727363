"""API of procurement projects: the ledger (list, read), a request, the next stage, bids."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.viewsets import SiteScopedViewSet
from houqin.core.permissions import sites_with_perm
from houqin.procurement.api.serializers_projects import (
    AdvanceInput,
    BidInput,
    BidSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    RequestInput,
    StageSerializer,
)
from houqin.procurement.filtersets.projects import ProjectFilterSet
from houqin.procurement.models import Project, Supplier
from houqin.procurement.queries import projects as queries


def _services():
    from houqin.procurement.services import projects

    return projects


class ProjectViewSet(SiteScopedViewSet):
    queryset = Project.objects.select_related("site", "department")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering = ["-created_at"]
    required_perms = {
        "create": ("procurement.request_project", "procurement.add_project"),
        "advance": "procurement.advance_project",
        "bids": "procurement.add_bid",
    }

    def get_queryset(self):
        return queries.with_figures(super().get_queryset())

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer

    def acted_on(self, perm: str) -> Project:
        """The project in the URL, at a site where the caller holds ``perm`` (404 elsewhere)."""
        sites = sites_with_perm(self.request.user, perm)
        qs = Project.objects.filter(voided_at__isnull=True)
        qs = qs if sites is None else qs.filter(site_id__in=sites)
        project = qs.filter(pk=self.kwargs["pk"]).first()
        if project is None:
            raise Http404
        return project

    @extend_schema(request=RequestInput, responses={201: ProjectDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = RequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        department = (
            queries.requestable_departments(request.user)
            .filter(pk=values.pop("department"))
            .first()
        )
        if department is None:
            raise serializers.ValidationError(
                {"department": [_("You may not request for this department.")]}
            )
        person = getattr(request.user, "person", None)
        own = person is not None and person.department_id == department.pk
        project = _services().project_request(
            site=department.site,
            department=department,
            by=request.user,
            requester=person if own else None,
            **values,
        )
        return Response(ProjectDetailSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AdvanceInput, responses={201: StageSerializer})
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Record the next stage (refused with the rule named when a time limit forbids it)."""
        project = self.acted_on("procurement.advance_project")
        data = AdvanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = _services().project_advance(project=project, by=request.user, **data.validated_data)
        return Response(StageSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BidInput, responses={201: BidSerializer})
    @action(detail=True, methods=["post"])
    def bids(self, request, pk=None):
        """Record a bid received before the opening."""
        project = self.acted_on("procurement.add_bid")
        data = BidInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        supplier = Supplier.objects.filter(site_id=project.site_id, pk=values["supplier"]).first()
        if supplier is None:
            raise serializers.ValidationError({"supplier": [_("This supplier is not known.")]})
        values["supplier"] = supplier
        bid = _services().bid_record(project=project, by=request.user, **values)
        return Response(BidSerializer(bid).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this subject's endpoints to the router."""
    router.register("projects", ProjectViewSet, basename="project")
