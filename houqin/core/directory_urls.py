from houqin.core import directory as d
from houqin.core.generic import crud_urls
from houqin.core.models import Department, Location, Person

app_name = "core"
urlpatterns = [
    *crud_urls(
        Person,
        prefix="people",
        list_view=d.PersonListView,
        detail_view=d.PersonDetailView,
        edit_view=d.PersonEditView,
    ),
    *crud_urls(
        Department,
        list_view=d.DepartmentListView,
        detail_view=d.DepartmentDetailView,
        edit_view=d.DepartmentEditView,
    ),
    *crud_urls(
        Location,
        list_view=d.LocationListView,
        detail_view=d.LocationDetailView,
        edit_view=d.LocationEditView,
    ),
]
