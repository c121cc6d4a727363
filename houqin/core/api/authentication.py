"""Token authentication with the look-up written once.

DRF's TokenAuthentication builds a select_related query through the ORM on every API call;
here one prepared statement reads the token's user together with the roles and sites they hold
(``core.permissions.identity_sql``), which every endpoint then asks about."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from houqin.core.db import execute
from houqin.core.permissions import identity_sql, load_identity


@cache
def _token_sql(vendor: str) -> str:
    users = get_user_model()._meta.db_table
    return identity_sql(
        f"{Token._meta.db_table} t JOIN {users} u ON u.id = t.user_id", "t.key = %s"
    )


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, as DRF's, answered by one prepared query."""

    def authenticate_credentials(self, key):
        with connection.cursor() as cursor:
            execute(cursor, _token_sql(connection.vendor), [key])
            user = load_identity(cursor.fetchall())
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (user, key)
