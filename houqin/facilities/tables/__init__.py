"""Facilities tables, split by subject."""
