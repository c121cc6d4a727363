"""URLs of a benchmark run (HOUQIN_BENCH=1): the product's URLs plus the floor views that the
benchmark compares against. Never active otherwise."""

import uuid

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from houqin.core.crypto import encrypt, keyed_hash
from houqin.security.models import Visit
from houqin.utils.idnumbers import mask_id_number, mask_phone

ID_NUMBER = "11010519491231002X"


@csrf_exempt
def raw_insert(request):
    """The floor of a check-in: the same durable INSERT of one registration, in raw SQL."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    site_id, dept_id = int(request.GET["site"]), int(request.GET["dept"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Visit._meta.db_table} (site_id, number, created_at, visitor_name, "
            "id_type, id_number_enc, id_hash, phone_enc, id_mask, phone_mask, organisation, "
            "host_department_id, purpose, purpose_detail, companions, vehicle_plate, has_vehicle, "
            "items_carried, status, checked_in_at, void_reason) VALUES (%s, %s, %s, %s, %s, %s, "
            "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                site_id,
                f"RAW-{uuid.uuid4().hex[:20]}",
                now,
                "基准访客",
                "resident_id",
                encrypt(ID_NUMBER),
                keyed_hash(ID_NUMBER),
                encrypt("13900000000"),
                mask_id_number(ID_NUMBER),
                mask_phone("13900000000"),
                "",
                dept_id,
                "business",
                "",
                0,
                "",
                False,
                "",
                "inside",
                now,
                "",
            ],
        )
    return HttpResponse(status=201)


@csrf_exempt
def raw_scan(request):
    """The floor of a patrol scan: the same durable INSERT of one scan row, in raw SQL."""
    import json

    from houqin.inspections.models import Scan

    body = json.loads(request.body)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Scan._meta.db_table} (site_id, round_id, checkpoint_id, scanned_at, "
            "received_at, scanned_by_id, queued, in_order, on_time) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                int(request.GET["site"]),
                body["round"],
                body["checkpoint"],
                now,
                now,
                int(request.GET["user"]),
                False,
                True,
                True,
            ],
        )
    return HttpResponse(status=201)


urlpatterns = [
    path("bench/raw-insert/", raw_insert),
    path("bench/raw-scan/", raw_scan),
    path("", include("houqin.urls")),
]
