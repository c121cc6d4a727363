"""Token authentication with the look-up written once.

DRF's TokenAuthentication builds the same select_related query through the ORM on every API
call; here the statement is prepared once and the user is built with ``Model.from_db``."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

# The fields a request needs of its user; the rest load on first use (deferred). Only text,
# integer and boolean columns, which need no conversion from the raw row (booleans are cast).
USER_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
)
BOOLEAN_FIELDS = {"is_active", "is_staff", "is_superuser"}


@cache
def _token_sql(vendor: str) -> tuple[str, list[str]]:
    user_model = get_user_model()
    qn = connection.ops.quote_name
    # from_db() expects the values in the model's field order
    names = [f.attname for f in user_model._meta.concrete_fields if f.attname in USER_FIELDS]
    columns = ", ".join(f"u.{qn(user_model._meta.get_field(n).column)}" for n in names)
    sql = (
        f"SELECT {columns} FROM {qn(Token._meta.db_table)} t "
        f"JOIN {qn(user_model._meta.db_table)} u ON u.{qn(user_model._meta.pk.column)} = t.user_id"
        " WHERE t.key = %s"
    )
    return sql, names


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, as DRF's, answered by one prepared query."""

    def authenticate_credentials(self, key):
        sql, names = _token_sql(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        values = [bool(v) if n in BOOLEAN_FIELDS else v for n, v in zip(names, row, strict=True)]
        user = get_user_model().from_db(connection.alias, names, values)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (user, key)
