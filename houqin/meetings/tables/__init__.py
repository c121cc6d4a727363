"""Meetings tables, split by subject."""
