"""Facilities views, split by subject."""
