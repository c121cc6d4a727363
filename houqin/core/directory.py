"""The directory: people, departments and places of each site — plain pages on the generic
views (the model of how little a master-data page needs)."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from houqin.core import navigation
from houqin.core.filtersets import SiteObjectFilter, SiteScopedFilterSet
from houqin.core.forms import StyledFormMixin
from houqin.core.generic import ObjectDetailView, ObjectEditView, ObjectListView
from houqin.core.models import Department, Location, Person
from houqin.core.tables import Column, Table

# Tables ---------------------------------------------------------------------------------------


class PersonTable(Table):
    select_related = ("department", "site", "user")
    detail_url_name = "core:person_detail"
    name = Column(_("Name"), link=True)
    employee_no = Column(_("Employee number"))
    department = Column(_("Department"))
    title = Column(_("Job title"))
    rank = Column(_("Rank"), choices=Person.Rank)
    user = Column(_("Login"), lambda p: p.user.username if p.user_id else "")
    site = Column(_("Site"))
    is_active = Column(_("Active"))


class DepartmentTable(Table):
    select_related = ("site", "parent")
    detail_url_name = "core:department_detail"
    code = Column(_("Code"), link=True)
    name = Column(pgettext_lazy("of a thing", "Name"))
    parent = Column(_("Parent"))
    site = Column(_("Site"))
    is_active = Column(_("Active"))


class LocationTable(Table):
    select_related = ("site", "building", "floor")
    detail_url_name = "core:location_detail"
    code = Column(_("Code"), link=True)
    name = Column(pgettext_lazy("of a thing", "Name"))
    kind = Column(_("Kind"), choices=Location.Kind)
    building = Column(_("Building"))
    floor = Column(_("Floor"), lambda loc: loc.floor.name if loc.floor_id else "")
    site = Column(_("Site"))


# Filters --------------------------------------------------------------------------------------


class PersonFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    department = SiteObjectFilter(label=_("Department"), model=Department)

    class Meta:
        model = Person
        fields = ["site", "q", "department", "rank", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(employee_no__iexact=value))


class DepartmentFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Department
        fields = ["site", "q", "is_active"]


class LocationFilterSet(SiteScopedFilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Location
        fields = ["site", "q", "kind"]


# Forms ----------------------------------------------------------------------------------------


class SiteBoundForm(StyledFormMixin, forms.ModelForm):
    """A master-data form: the site is chosen on creation and fixed afterwards; related choices
    are limited to the record's site."""

    related_site_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["site"].disabled = True
            for name in self.related_site_fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(site=self.instance.site_id)

    def limit_to_sites(self, sites) -> None:
        """On creation, offer only the related records of the sites the user may add at."""
        if not self.instance.pk:
            for name in self.related_site_fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(site__in=sites)

    def clean(self):
        data = super().clean()
        site = data.get("site") or getattr(self.instance, "site", None)
        for name in self.related_site_fields:
            obj = data.get(name)
            if obj is not None and site is not None and obj.site_id != site.pk:
                self.add_error(name, _("This choice is not at the chosen site."))
        return data


class PersonForm(SiteBoundForm):
    related_site_fields = ("department",)

    class Meta:
        model = Person
        fields = [
            "site",
            "name",
            "department",
            "employee_no",
            "title",
            "rank",
            "phone",
            "is_active",
        ]


class DepartmentForm(SiteBoundForm):
    related_site_fields = ("parent",)

    class Meta:
        model = Department
        fields = ["site", "code", "name", "parent", "is_active"]


class LocationForm(SiteBoundForm):
    related_site_fields = ("building", "floor")

    class Meta:
        model = Location
        fields = ["site", "code", "name", "kind", "building", "floor", "area_m2", "is_active"]


# Views ----------------------------------------------------------------------------------------


class PersonListView(ObjectListView):
    queryset = Person.objects.all()
    filterset_class = PersonFilterSet
    table_class = PersonTable


class PersonDetailView(ObjectDetailView):
    queryset = Person.objects.select_related("site", "department", "user")
    fields = (
        "name",
        "site",
        "department",
        "employee_no",
        "title",
        "rank",
        "phone",
        "user",
        "is_active",
    )


class PersonEditView(ObjectEditView):
    queryset = Person.objects.all()
    form_class = PersonForm


class DepartmentListView(ObjectListView):
    queryset = Department.objects.all()
    filterset_class = DepartmentFilterSet
    table_class = DepartmentTable


class DepartmentDetailView(ObjectDetailView):
    queryset = Department.objects.select_related("site", "parent")
    fields = ("code", "name", "site", "parent", "is_active")


class DepartmentEditView(ObjectEditView):
    queryset = Department.objects.all()
    form_class = DepartmentForm


class LocationListView(ObjectListView):
    queryset = Location.objects.all()
    filterset_class = LocationFilterSet
    table_class = LocationTable


class LocationDetailView(ObjectDetailView):
    queryset = Location.objects.select_related("site", "building", "floor")
    fields = ("code", "name", "site", "kind", "building", "floor", "area_m2", "is_active")


class LocationEditView(ObjectEditView):
    queryset = Location.objects.all()
    form_class = LocationForm


navigation.register(
    navigation.MenuGroup(
        "directory",
        _("Directory"),
        "people",
        [
            navigation.MenuItem(_("People"), "core:person_list", "core.view_person"),
            navigation.MenuItem(_("Departments"), "core:department_list", "core.view_department"),
            navigation.MenuItem(_("Locations"), "core:location_list", "core.view_location"),
        ],
        order=95,
    )
)
