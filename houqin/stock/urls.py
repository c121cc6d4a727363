from django.urls import path

from houqin.core.generic import crud_urls
from houqin.stock import views
from houqin.stock.models import Item, Movement, StockTake, Store

app_name = "stock"

urlpatterns = [
    path("", views.OnHandView.as_view(), name="on_hand"),
    *crud_urls(
        Store,
        list_view=views.StoreListView,
        detail_view=views.StoreDetailView,
        edit_view=views.StoreEditView,
    ),
    *crud_urls(
        Item,
        list_view=views.ItemListView,
        detail_view=views.ItemDetailView,
        edit_view=views.ItemEditView,
    ),
    *crud_urls(
        Movement,
        list_view=views.MovementListView,
        detail_view=views.MovementDetailView,
        void_view=views.MovementVoidView,
    ),
    path("receive/", views.MovementAddView.as_view(kind="receipt"), name="receive"),
    path("issue/", views.MovementAddView.as_view(kind="issue"), name="issue"),
    path("return/", views.MovementAddView.as_view(kind="return"), name="return"),
    path("transfer/", views.TransferView.as_view(), name="transfer"),
    *crud_urls(
        StockTake,
        list_view=views.StockTakeListView,
        detail_view=views.StockTakeDetailView,
        add_view=views.StockTakeAddView,
    ),
]
