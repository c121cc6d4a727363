"""Writes shared by every module: record numbers, voiding, domain events, notifications,
scan links and attachments."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.db import execute, insert, insert_fields, prepared_values, saved
from houqin.core.models import Attachment, Event, Notification, ScanLink, Sequence, Site
from houqin.core.permissions import forget_unread_count

SCAN_SALT = "houqin.scan"


def next_numbers(*, site: Site, prefix: str, year: int, count: int = 1) -> list[str]:
    """Reserve ``count`` consecutive record numbers like ``FK-2006-00123`` for a site and year.

    One ``UPDATE … RETURNING`` both increments and reads the sequence; the row stays locked until
    the caller's transaction ends, so two guards at two gates never receive the same number.
    """
    table = Sequence._meta.db_table
    sql = (
        f"UPDATE {table} SET last_value = last_value + %s "
        "WHERE site_id = %s AND prefix = %s AND year = %s RETURNING last_value"
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        execute(cursor, sql, [count, site.pk, prefix, year])
        row = cursor.fetchone()
        if row is None:  # the first number of this prefix and year
            Sequence.objects.get_or_create(site=site, prefix=prefix, year=year)
            execute(cursor, sql, [count, site.pk, prefix, year])
            row = cursor.fetchone()
    last = row[0]
    return [f"{prefix}-{year}-{n:05d}" for n in range(last - count + 1, last + 1)]


def record_number(*, record, when: datetime | None = None) -> str:
    """The next number for a business record, in the year (Asia/Shanghai) of ``when``."""
    year = timezone.localtime(when or timezone.now()).year
    return next_numbers(site=record.site, prefix=record.number_prefix, year=year)[0]


@cache
def _numbered_insert_sql(model: type[models.Model], unless: str) -> tuple[str, tuple]:
    """PostgreSQL: take the next number and INSERT the row with it, in one statement; nothing
    when the condition ``unless`` holds."""
    fields = tuple(f for f in insert_fields(model) if f.name != "number")
    qn = connection.ops.quote_name
    number = qn(model._meta.get_field("number").column)
    values = ", ".join(f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields)
    digits = "CAST(n.last_value AS TEXT)"
    return (
        f"WITH n AS (UPDATE {Sequence._meta.db_table} SET last_value = last_value + 1 "
        "WHERE site_id = %s AND prefix = %s AND year = %s"
        f"{f' AND NOT ({unless})' if unless else ''} RETURNING last_value) "
        f"INSERT INTO {qn(model._meta.db_table)} "
        f"({', '.join(qn(f.column) for f in fields)}, {number}) SELECT {values}, "
        f"%s || CASE WHEN n.last_value < 100000 THEN LPAD({digits}, 5, '0') ELSE {digits} END "
        f"FROM n RETURNING {qn(model._meta.pk.column)}, {number}"
    ), fields


def insert_numbered(record, *, when: datetime | None = None, unless: tuple[str, list] = ("", [])):
    """INSERT a new business record (no save() signals, as ``core.db.insert``) under the next
    number of its site, prefix and year (``record_number``), and return it; or, when the SQL
    condition ``unless`` (text, parameters) holds, write nothing and return None.

    The number's sequence row stays locked until the writing transaction ends. On PostgreSQL
    the condition, the number and the row are therefore one statement, so the lock is held only
    while that statement commits: check-ins at several gates at once are not queued behind
    each other's round trips between server and database. Elsewhere (SQLite writes one
    transaction at a time in any case), and for the first number of a year, the condition is
    asked, then the number reserved and the row inserted, in one transaction."""
    year = timezone.localtime(when or timezone.now()).year
    condition, condition_params = unless
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql, fields = _numbered_insert_sql(type(record), condition)
            prefix = record.number_prefix
            values = prepared_values(record, fields)
            params = [record.site_id, prefix, year, *condition_params, *values, f"{prefix}-{year}-"]
            execute(cursor, sql, params)
            row = cursor.fetchone()
            if row is not None:
                record.pk, record.number = row
                return saved(record)
        with transaction.atomic():
            if condition:
                execute(cursor, f"SELECT {condition}", condition_params)
                if cursor.fetchone()[0]:
                    return None
            prefix = record.number_prefix
            record.number = next_numbers(site=record.site, prefix=prefix, year=year)[0]
            return insert(record)


def event_record(*, site, verb: str, actor=None, target=None, detail: str = "") -> Event:
    """Write a domain event about ``target`` (shown in the record's history)."""
    event = Event(
        site=site,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        detail=detail[:300],
    )
    # An event is written once and never changed: a plain INSERT without the save() signals.
    return insert(event)


def record_void(*, record, by, reason: str) -> None:
    """Void a business record with a reason; it stays in the ledger, marked void, and no longer
    counts in any figure."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for voiding this record.")})
    if record.voided_at is not None:
        raise ValidationError(_("This record is already void."))
    with transaction.atomic():
        record.voided_at = timezone.now()
        record.voided_by = by
        record.void_reason = reason[:200]
        record.save(update_fields=["voided_at", "voided_by", "void_reason"])
        event_record(site=record.site, verb="void", actor=by, target=record, detail=reason)


def notify(*, site, recipients, title: str, body: str = "", url: str = "", level="info") -> int:
    """Leave an in-app notification for each recipient; returns how many were written."""
    rows = [
        Notification(site=site, recipient=user, title=title[:200], body=body, url=url, level=level)
        for user in {u.pk: u for u in recipients}.values()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notification_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one (or every) unread notification of ``user`` as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    forget_unread_count(user)
    return qs.update(read_at=timezone.now())


def scan_link_create(
    *, target: models.Model, purpose: str, expires_at=None, max_uses: int | None = None
) -> ScanLink:
    """Create a scan link to ``target`` (a checkpoint, equipment, an invitation …)."""
    return ScanLink.objects.create(
        site_id=target.site_id,
        purpose=purpose,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        expires_at=expires_at,
        max_uses=max_uses,
    )


def scan_link_sign(link: ScanLink) -> str:
    """The signed form of a link's token, as printed in its QR code."""
    return signing.Signer(salt=SCAN_SALT).sign(link.token)


class ScanLinkError(Exception):
    """A scanned link that cannot be used; ``message`` says why, for the person holding it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def scan_link_resolve(signed: str, *, purpose: str | None = None) -> ScanLink:
    """Check a scanned code's signature, revocation, expiry and use count; return its link."""
    try:
        token = signing.Signer(salt=SCAN_SALT).unsign(signed)
    except signing.BadSignature as exc:
        raise ScanLinkError(_("This code is not valid: it may have been altered.")) from exc
    link = ScanLink.objects.filter(token=token).first()
    if link is None or (purpose and link.purpose != purpose):
        raise ScanLinkError(_("This code is not known to the system."))
    if link.revoked_at is not None:
        raise ScanLinkError(_("This code has been withdrawn."))
    if link.expires_at is not None and link.expires_at < timezone.now():
        raise ScanLinkError(_("This code has expired."))
    if link.max_uses is not None and link.use_count >= link.max_uses:
        raise ScanLinkError(_("This code has already been used."))
    return link


def scan_link_consume(*, link: ScanLink) -> None:
    """Count one use of a link; refuses (atomically) a revoked or expired link, or one whose
    ``max_uses`` is reached."""
    now = timezone.now()
    if link.revoked_at is not None:
        raise ScanLinkError(_("This code has been withdrawn."))
    if link.expires_at is not None and link.expires_at < now:
        raise ScanLinkError(_("This code has expired."))
    qs = ScanLink.objects.filter(pk=link.pk, revoked_at__isnull=True).filter(
        models.Q(expires_at__isnull=True) | models.Q(expires_at__gte=now)
    )
    if link.max_uses is not None:
        qs = qs.filter(use_count__lt=link.max_uses)
    if qs.update(use_count=F("use_count") + 1) != 1:
        raise ScanLinkError(_("This code has already been used."))


def scan_link_revoke(*, link: ScanLink) -> None:
    """Withdraw a link so its printed code stops working."""
    ScanLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def attachments_delete(*, model, ids) -> int:
    """Delete the attachments of the ``model`` rows whose pks are ``ids`` (a list or a
    subquery), and their files once the transaction commits."""
    rows = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    )
    files = [a.file.name for a in rows.only("file")]
    count = rows.delete()[0]
    if files:
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return count


def attachment_add(*, target, upload, by) -> Attachment:
    """Attach an uploaded photo or scan to a record, after checking its type and size."""
    from houqin.core.uploads import check_upload

    mime = check_upload(upload)
    return Attachment.objects.create(
        site_id=target.site_id,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        file=upload,
        original_name=upload.name[:200],
        mime_type=mime,
        size=upload.size,
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )


def record_save(*, instance, by):
    """Save a plain record from a generic form: number and author on creation, then history."""
    with transaction.atomic():
        if instance.pk is None and hasattr(instance, "number_prefix"):
            instance.number = record_number(record=instance)
            instance.created_by = by
        instance.full_clean()
        instance.save()
    return instance
