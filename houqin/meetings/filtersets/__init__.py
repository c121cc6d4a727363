"""Meetings filtersets, split by subject."""
