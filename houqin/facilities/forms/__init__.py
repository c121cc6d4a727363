"""Facilities forms, split by subject."""
