"""Procurement: metrics, one file per subject."""
