"""Meetings api, split by subject."""
