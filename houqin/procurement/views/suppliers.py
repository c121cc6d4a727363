"""Procurement pages: suppliers."""

urlpatterns = []
