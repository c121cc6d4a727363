"""Meetings forms, split by subject."""
