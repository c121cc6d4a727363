"""Procurement: tables, one file per subject."""
