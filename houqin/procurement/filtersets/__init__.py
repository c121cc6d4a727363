"""Procurement: filtersets, one file per subject."""
