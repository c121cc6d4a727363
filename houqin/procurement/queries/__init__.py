"""Procurement: queries, one file per subject."""
