"""Meetings queries, split by subject."""
