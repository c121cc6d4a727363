"""Facilities demo, split by subject."""
