from django.urls import path

from houqin.core.generic import crud_urls
from houqin.inspections import views
from houqin.inspections.models import Checkpoint, Round, Route

app_name = "inspections"

urlpatterns = [
    path("checkpoints/labels/", views.CheckpointLabelsView.as_view(), name="checkpoint_labels"),
    *crud_urls(
        Checkpoint,
        list_view=views.CheckpointListView,
        detail_view=views.CheckpointDetailView,
        edit_view=views.CheckpointEditView,
    ),
    *crud_urls(
        Route,
        list_view=views.RouteListView,
        detail_view=views.RouteDetailView,
        edit_view=views.RouteEditView,
    ),
    path("rounds/live/", views.RoundLiveView.as_view(), name="round_live"),
    path("rounds/mine/", views.MyRoundView.as_view(), name="round_mine"),
    *crud_urls(
        Round,
        list_view=views.RoundListView,
        detail_view=views.RoundDetailView,
        void_view=views.RoundVoidView,
    ),
]
