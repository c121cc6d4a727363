"""Signing in, and finding the signed-in user on every request."""

from django.contrib.auth.backends import ModelBackend

from houqin.core.permissions import load_user


class SiteRoleBackend(ModelBackend):
    """Django's password backend, except that the user of a session is read together with the
    roles and sites they hold, in one query: every page and API call needs both."""

    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
