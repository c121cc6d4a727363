"""Facilities queries, split by subject."""
