"""Facilities services, split by subject."""
