"""Pages of the publicity subject: boards and their issues (期), materials and their
distribution, volunteers and their activities, and the money invested in the centre."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectVoidView,
    RestrictedView,
    allowed_sites,
    crud_urls,
)
from houqin.core.permissions import has_perm_at
from houqin.outreach.filtersets.publicity import (
    BoardIssueFilterSet,
    DistributionFilterSet,
    InvestmentFilterSet,
    MaterialFilterSet,
    PublicityBoardFilterSet,
    VolunteerActivityFilterSet,
    VolunteerFilterSet,
)
from houqin.outreach.forms.publicity import (
    BoardIssueForm,
    DistributionForm,
    InvestmentForm,
    MaterialForm,
    PublicityBoardForm,
    VolunteerActivityForm,
    VolunteerEditForm,
    VolunteerForm,
)
from houqin.outreach.models import (
    BoardIssue,
    Distribution,
    Investment,
    Material,
    PublicityBoard,
    Volunteer,
    VolunteerActivity,
)
from houqin.outreach.queries import publicity as queries
from houqin.outreach.services import publicity as services
from houqin.outreach.tables.publicity import (
    BoardIssueTable,
    DistributionTable,
    InvestmentTable,
    MaterialTable,
    PublicityBoardTable,
    VolunteerActivityTable,
    VolunteerTable,
)


class LimitedEditView(ObjectEditView):
    """An edit page whose form has no site field but choices to limit to the user's sites."""

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        if "site" not in form.fields:
            form.limit_to_sites(allowed_sites(self.request.user, self.model, "add"))
        return form


# Boards and issues


class BoardListView(ObjectListView):
    queryset = PublicityBoard.objects.all()
    filterset_class = PublicityBoardFilterSet
    table_class = PublicityBoardTable
    title = gettext_lazy("Publicity boards")


class BoardDetailView(ObjectDetailView):
    queryset = PublicityBoard.objects.select_related("site", "location")
    fields = ("site", "name", "location", "is_active")
    template_name = "outreach/publicity_board_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        board = context["object"]
        years = queries.board_years(board)
        raw = self.request.GET.get("year", "")
        year = int(raw) if raw.isdecimal() and int(raw) in years else timezone.localdate().year
        context.update(
            year=year,
            years=sorted({*years, year}, reverse=True),
            issues=queries.board_issues_by_year(board, year),
            issue_add_url=reverse("outreach:issue_add") + f"?board={board.pk}"
            if self.can_add_issue(board)
            else None,
        )
        return context

    def can_add_issue(self, board) -> bool:
        return board.is_active and has_perm_at(
            self.request.user, "outreach.add_boardissue", board.site_id
        )


class BoardEditView(ObjectEditView):
    queryset = PublicityBoard.objects.all()
    form_class = PublicityBoardForm

    def save(self, form):
        return services.board_save(board=form.instance, by=self.request.user)


class IssueListView(ObjectListView):
    queryset = BoardIssue.objects.all()
    filterset_class = BoardIssueFilterSet
    table_class = BoardIssueTable
    title = gettext_lazy("Publicity board ledger")


class IssueDetailView(ObjectDetailView):
    queryset = BoardIssue.objects.select_related("site", "board", "editor", "created_by")
    fields = (
        "number",
        "site",
        "board",
        "year",
        "issue_no",
        "title",
        "topics",
        "posted_on",
        "removed_on",
        "editor",
        "created_by",
    )

    template_name = "outreach/publicity_issue_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        issue = context["object"]
        context["can_take_down"] = (
            issue.voided_at is None and issue.removed_on is None and self.can("change", issue)
        )
        context["today"] = timezone.localdate()
        return context


class IssueEditView(LimitedEditView):
    queryset = BoardIssue.objects.all()
    form_class = BoardIssueForm

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        if data is None and self.request.GET.get("board", "").isdecimal():
            form.initial["board"] = int(self.request.GET["board"])
        return form

    def save(self, form):
        if form.instance.pk:
            return services.issue_update(issue=form.instance, by=self.request.user)
        data = form.cleaned_data
        return services.issue_publish(
            board=data["board"],
            title=data["title"],
            topics=data["topics"],
            posted_on=data["posted_on"],
            by=self.request.user,
            issue_no=data.get("issue_no"),
            editor=data.get("editor"),
        )


class IssueVoidView(ObjectVoidView):
    queryset = BoardIssue.objects.all()

    def void(self, obj, reason: str) -> None:
        services.issue_void(issue=obj, by=self.request.user, reason=reason)


class IssueTakeDownView(RestrictedView):
    """Record today (or the day given) as the day an issue was taken down."""

    queryset = BoardIssue.objects.all()
    action = "change"

    def post(self, request, pk):
        issue = self.get_object()
        raw = request.POST.get("removed_on", "")
        try:
            day = date.fromisoformat(raw) if raw else timezone.localdate()
            services.issue_take_down(issue=issue, removed_on=day, by=request.user)
        except ValueError:
            messages.error(request, _("Give a date as YYYY-MM-DD."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The issue was taken down."))
        return redirect(issue.get_absolute_url())


# Materials and distribution


class MaterialListView(ObjectListView):
    queryset = Material.objects.all()
    filterset_class = MaterialFilterSet
    table_class = MaterialTable
    title = gettext_lazy("Publicity materials")


class MaterialDetailView(ObjectDetailView):
    queryset = Material.objects.select_related("site")
    fields = ("site", "title", "kind", "printed", "printed_on", "cost_yuan", "handed_out", "left")
    labels = {"handed_out": gettext_lazy("Handed out"), "left": gettext_lazy("Left")}
    template_name = "outreach/publicity_material_detail.html"

    def get_object(self, action=None):
        obj = super().get_object(action)
        obj.handed_out = services.handed_out(obj)
        obj.left = obj.printed - obj.handed_out
        return obj

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        material = context["object"]
        context["distributions"] = material.distributions.order_by("-distributed_on", "-pk")
        return context


class MaterialEditView(ObjectEditView):
    queryset = Material.objects.all()
    form_class = MaterialForm

    def save(self, form):
        return services.material_save(material=form.instance, by=self.request.user)


class DistributionListView(ObjectListView):
    queryset = Distribution.objects.all()
    filterset_class = DistributionFilterSet
    table_class = DistributionTable
    title = gettext_lazy("Distribution of publicity materials")


class DistributionDetailView(ObjectDetailView):
    queryset = Distribution.objects.select_related("site", "material", "created_by")
    fields = ("number", "site", "material", "distributed_on", "quantity", "occasion", "created_by")


class DistributionAddView(LimitedEditView):
    queryset = Distribution.objects.all()
    form_class = DistributionForm

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        if data is None and self.request.GET.get("material", "").isdecimal():
            form.initial["material"] = int(self.request.GET["material"])
        return form

    def save(self, form):
        data = form.cleaned_data
        return services.distribution_record(
            material=data["material"],
            quantity=data["quantity"],
            distributed_on=data["distributed_on"],
            occasion=data["occasion"],
            by=self.request.user,
        )


class DistributionVoidView(ObjectVoidView):
    queryset = Distribution.objects.all()

    def void(self, obj, reason: str) -> None:
        services.distribution_void(distribution=obj, by=self.request.user, reason=reason)


# Volunteers and activities


class VolunteerListView(ObjectListView):
    """The volunteer team with each member's hours this year (one query)."""

    queryset = Volunteer.objects.all()
    filterset_class = VolunteerFilterSet
    table_class = VolunteerTable
    title = gettext_lazy("Volunteers")

    def base_queryset(self):
        year = timezone.localdate().year
        return queries.with_hours_in(super().base_queryset(), year).order_by("person__name", "pk")


class VolunteerAddView(ObjectEditView):
    queryset = Volunteer.objects.all()
    form_class = VolunteerForm

    def save(self, form):
        data = form.cleaned_data
        return services.volunteer_enrol(
            site=data["site"],
            person=data["person"],
            joined_on=data["joined_on"],
            by=self.request.user,
            skills=data["skills"],
        )

    def success_url(self, obj) -> str:
        return reverse("outreach:volunteer_list")


class VolunteerDetailView(ObjectDetailView):
    """A volunteer: their activities and hours, totalled by year."""

    queryset = Volunteer.objects.select_related("site", "person__department")
    fields = ("person", "joined_on", "skills", "is_active", "site")
    template_name = "outreach/publicity_volunteer_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        volunteer = context["object"]
        context.update(
            years=queries.volunteer_hours_by_year(volunteer),
            activities=queries.volunteer_activities(volunteer),
        )
        return context


class VolunteerEditView(ObjectEditView):
    """Change a volunteer's skills, or mark them no longer active."""

    queryset = Volunteer.objects.select_related("person", "site")
    form_class = VolunteerEditForm

    def save(self, form):
        data = form.cleaned_data
        return services.volunteer_update(
            volunteer=self.get_object("change"),
            by=self.request.user,
            skills=data["skills"],
            is_active=data["is_active"],
        )


class ActivityListView(ObjectListView):
    queryset = VolunteerActivity.objects.all()
    filterset_class = VolunteerActivityFilterSet
    table_class = VolunteerActivityTable
    title = gettext_lazy("Volunteer activities")


class ActivityDetailView(ObjectDetailView):
    queryset = VolunteerActivity.objects.select_related("site")
    fields = ("site", "title", "held_on", "place", "description")
    template_name = "outreach/publicity_activity_detail.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["hours"] = queries.activity_hours(context["object"])
        return context


class ActivityEditView(ObjectEditView):
    queryset = VolunteerActivity.objects.all()
    form_class = VolunteerActivityForm

    def save(self, form):
        return services.activity_save(
            activity=form.instance, hours=form.hours(), by=self.request.user
        )


# Investment


class InvestmentListView(ObjectListView):
    """The investment ledger, with totals by category computed in the database."""

    queryset = Investment.objects.all()
    filterset_class = InvestmentFilterSet
    table_class = InvestmentTable
    title = gettext_lazy("Investment in the centre")
    template_name = "outreach/publicity_investment_list.html"

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        filterset = context["filterset"]
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        context.update(totals=queries.investment_totals(qs), grand_total=queries.investment_sum(qs))
        return context


class InvestmentDetailView(ObjectDetailView):
    queryset = Investment.objects.select_related("site", "created_by")
    fields = (
        "number",
        "site",
        "invested_on",
        "item",
        "category",
        "amount_yuan",
        "approved_by",
        "note",
        "created_by",
    )


class InvestmentAddView(ObjectEditView):
    queryset = Investment.objects.all()
    form_class = InvestmentForm

    def save(self, form):
        return services.investment_record(investment=form.instance, by=self.request.user)


class InvestmentVoidView(ObjectVoidView):
    queryset = Investment.objects.all()

    def void(self, obj, reason: str) -> None:
        services.investment_void(investment=obj, by=self.request.user, reason=reason)


urlpatterns: list = [
    *crud_urls(
        PublicityBoard,
        prefix="boards",
        list_view=BoardListView,
        detail_view=BoardDetailView,
        edit_view=BoardEditView,
        alias="board",
    ),
    path("issues/<int:pk>/take-down/", IssueTakeDownView.as_view(), name="issue_take_down"),
    *crud_urls(
        BoardIssue,
        prefix="issues",
        list_view=IssueListView,
        detail_view=IssueDetailView,
        edit_view=IssueEditView,
        void_view=IssueVoidView,
        alias="issue",
    ),
    *crud_urls(
        Material,
        list_view=MaterialListView,
        detail_view=MaterialDetailView,
        edit_view=MaterialEditView,
    ),
    path("distributions/add/", DistributionAddView.as_view(), name="distribution_add"),
    *crud_urls(
        Distribution,
        list_view=DistributionListView,
        detail_view=DistributionDetailView,
        void_view=DistributionVoidView,
    ),
    path("volunteers/", VolunteerListView.as_view(), name="volunteer_list"),
    path("volunteers/add/", VolunteerAddView.as_view(), name="volunteer_add"),
    path("volunteers/<int:pk>/", VolunteerDetailView.as_view(), name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", VolunteerEditView.as_view(), name="volunteer_edit"),
    *crud_urls(
        VolunteerActivity,
        prefix="activities",
        list_view=ActivityListView,
        detail_view=ActivityDetailView,
        edit_view=ActivityEditView,
        alias="activity",
    ),
    path("investments/add/", InvestmentAddView.as_view(), name="investment_add"),
    *crud_urls(
        Investment,
        list_view=InvestmentListView,
        detail_view=InvestmentDetailView,
        void_view=InvestmentVoidView,
    ),
]
