"""Meetings views, split by subject."""
