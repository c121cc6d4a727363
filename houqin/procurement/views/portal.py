"""Procurement pages: portal."""

urlpatterns = []
