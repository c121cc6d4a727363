"""Procurement pages: the public notices as the centre's staff see them — every notice,
withdrawn ones included, with filters and the Excel ledger — and withdrawing a notice (void
with a reason), which takes it off the public portal and its feed."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from houqin.core.generic import ObjectDetailView, ObjectListView, ObjectVoidView, crud_urls
from houqin.procurement.filtersets.notices import NoticeFilterSet
from houqin.procurement.models import Notice
from houqin.procurement.tables.notices import NoticeTable


class NoticeListView(ObjectListView):
    queryset = Notice.objects.all()
    filterset_class = NoticeFilterSet
    table_class = NoticeTable
    title = gettext_lazy("Public notices")


class NoticeDetailView(ObjectDetailView):
    queryset = Notice.objects.select_related("project", "site", "created_by", "voided_by")
    fields = (
        "number",
        "kind",
        "title",
        "project",
        "published_at",
        "closes_at",
        "body",
        "created_by",
        "voided_at",
        "voided_by",
        "void_reason",
        "public_url",
    )
    labels = {"public_url": gettext_lazy("On the public portal")}
    hide_empty = True

    def get_object(self, action=None):
        notice = super().get_object(action)
        # The address a member of the public reads it at (while it is not withdrawn).
        notice.public_url = (
            ""
            if notice.voided_at
            else reverse(
                "procurement_public:notice_detail",
                kwargs={"site": notice.site.code, "number": notice.number},
            )
        )
        return notice


class NoticeVoidView(ObjectVoidView):
    """Withdraw a notice (procurement.void_notice): void with a reason."""

    queryset = Notice.objects.all()


urlpatterns = crud_urls(
    Notice,
    prefix="notices",
    list_view=NoticeListView,
    detail_view=NoticeDetailView,
    void_view=NoticeVoidView,
)
