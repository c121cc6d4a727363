"""Procurement: services, one file per subject."""
