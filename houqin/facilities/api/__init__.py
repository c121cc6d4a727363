"""Facilities api, split by subject."""
