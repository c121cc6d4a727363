"""Scan links: /s/<signed token>/ opens whatever the printed code points at."""

from django.urls import path

from houqin.core import scan

urlpatterns = [path("<str:signed>/", scan.open_scan_link, name="scan_link")]
