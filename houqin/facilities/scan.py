"""Scan-link purposes owned by the facilities module."""
