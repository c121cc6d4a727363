"""Sessions kept in the database, as Django's, with the read that every request makes written
once as a plain statement (the ORM would build the same query again on every page)."""

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from houqin.core.db import execute


class SessionStore(db.SessionStore):
    def load(self):
        key = self.session_key
        # Django's keys are 32 letters and digits; anything else in the cookie is no session
        # (and a NUL byte must never reach PostgreSQL).
        if not key or not key.isascii() or not key.isalnum():
            self._session_key = None
            return {}
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            execute(
                cursor,
                f"SELECT session_data FROM {self.model._meta.db_table} "
                "WHERE session_key = %s AND expire_date > %s",
                [key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
