"""Procurement pages: projects."""

urlpatterns = []
