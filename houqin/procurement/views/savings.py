"""Procurement pages: savings."""

urlpatterns = []
