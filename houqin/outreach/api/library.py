"""API of the library subject: the catalogue, copies by barcode, and loans (lend, return,
renew), each write through its service."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from houqin.core.api.fields import SiteRelatedField
from houqin.core.api.viewsets import InputSerializer, ReadSerializer, SiteScopedViewSet
from houqin.core.models import Person
from houqin.core.permissions import SitePermission
from houqin.outreach.choices import LoanChannel
from houqin.outreach.filtersets.library import BookFilterSet, LoanFilterSet
from houqin.outreach.models.library import Book, BookCopy, Loan
from houqin.outreach.queries.library import with_copy_counts
from houqin.outreach.services import library as services


class BookSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    site = serializers.CharField(source="site_id", read_only=True)
    isbn = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    publisher = serializers.CharField(read_only=True)
    published_year = serializers.IntegerField(read_only=True)
    clc_class = serializers.CharField(read_only=True)
    call_number = serializers.CharField(read_only=True)
    held = serializers.IntegerField(read_only=True)
    out = serializers.IntegerField(read_only=True)


class CopySerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    barcode = serializers.CharField(read_only=True)
    book = serializers.IntegerField(source="book_id", read_only=True)
    title = serializers.CharField(source="book.title", read_only=True)
    acquired_on = serializers.DateField(read_only=True)
    withdrawn_on = serializers.DateField(read_only=True)


class LoanSerializer(ReadSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    copy = serializers.IntegerField(source="copy_id", read_only=True)
    barcode = serializers.CharField(source="copy.barcode", read_only=True)
    borrower = serializers.IntegerField(source="borrower_id", read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    lent_at = serializers.DateTimeField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    channel = serializers.CharField(read_only=True)
    renewals = serializers.IntegerField(read_only=True)
    returned_at = serializers.DateTimeField(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True)


class LendSerializer(InputSerializer):
    copy = SiteRelatedField(BookCopy)
    borrower = SiteRelatedField(Person)


class BookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The catalogue with copy counts (``q``: title, author or ISBN; ``clc_class``)."""

    permission_classes = [SitePermission]
    queryset = Book.objects.all()
    serializer_class = BookSerializer
    filterset_class = BookFilterSet

    def get_queryset(self):
        books = self.queryset.restrict(self.request.user, "view")
        return with_copy_counts(books).order_by("site", "title", "pk")


class CopyViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A copy, read by its barcode (``/copies/<barcode>/``)."""

    permission_classes = [SitePermission]
    queryset = BookCopy.objects.select_related("book")
    serializer_class = CopySerializer
    lookup_field = "barcode"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")

    def get_object(self):
        copy = self.get_queryset().filter(barcode=self.kwargs["barcode"]).first()
        if copy is None:
            raise Http404
        return copy


class LoanViewSet(SiteScopedViewSet):
    """Loans: list and read; create = lend; ``return`` and ``renew`` actions."""

    queryset = Loan.objects.select_related("copy")
    serializer_class = LoanSerializer
    filterset_class = LoanFilterSet
    http_method_names = ["get", "post", "head", "options"]
    required_perms = {"return_copy": "outreach.change_loan", "renew": "outreach.change_loan"}

    @extend_schema(request=LendSerializer, responses={201: LoanSerializer})
    def create(self, request, *args, **kwargs):
        data = LendSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        copy = data.validated_data["copy"]
        self.check_site(copy.site)
        loan = services.loan_lend(
            copy=copy,
            borrower=data.validated_data["borrower"],
            by=request.user,
            channel=LoanChannel.DESK,
        )
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=LoanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_copy(self, request, pk=None):
        """Take the loan's copy back."""
        loan = self.get_object()
        loan = services.loan_return(copy=loan.copy, by=request.user, channel=LoanChannel.DESK)
        return Response(LoanSerializer(loan).data)

    @extend_schema(request=None, responses=LoanSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Renew the loan by one loan period."""
        loan = services.loan_renew(loan=self.get_object(), by=request.user)
        return Response(LoanSerializer(loan).data)

    def perform_void(self, obj, reason: str) -> None:
        services.loan_void(loan=obj, by=self.request.user, reason=reason)


def register(router) -> None:
    """Add this subject's endpoints to the app's router."""
    router.register("books", BookViewSet, basename="book")
    router.register("copies", CopyViewSet, basename="bookcopy")
    router.register("loans", LoanViewSet, basename="loan")
