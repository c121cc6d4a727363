"""Procurement pages, one file per subject."""
