from django.urls import path

from houqin.core.generic import crud_urls
from houqin.signage import views
from houqin.signage.models import Message, Screen

app_name = "signage"

urlpatterns = [
    *crud_urls(
        Screen,
        list_view=views.ScreenListView,
        detail_view=views.ScreenDetailView,
        edit_view=views.ScreenEditView,
    ),
    path(
        "screens/<int:pk>/renew-token/",
        views.ScreenTokenRenewView.as_view(),
        name="screen_token_renew",
    ),
    *crud_urls(
        Message,
        list_view=views.MessageListView,
        detail_view=views.MessageDetailView,
        edit_view=views.MessageEditView,
        void_view=views.MessageVoidView,
    ),
    path("messages/<int:pk>/submit/", views.MessageSubmitView.as_view(), name="message_submit"),
    path(
        "messages/<int:pk>/withdraw/",
        views.MessageWithdrawView.as_view(),
        name="message_withdraw",
    ),
    path("messages/<int:pk>/image/", views.MessageImageView.as_view(), name="message_image"),
    path("display/<str:token>/", views.display, name="display"),
    path("display/<str:token>/feed/", views.display_feed, name="display_feed"),
    path("display/<str:token>/image/<int:pk>/", views.display_image, name="display_image"),
]
