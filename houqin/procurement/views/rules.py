"""Procurement pages: rules."""

urlpatterns = []
