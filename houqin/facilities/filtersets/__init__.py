"""Facilities filtersets, split by subject."""
