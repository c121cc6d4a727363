"""Procurement: forms, one file per subject."""
