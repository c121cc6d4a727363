"""Meetings services, split by subject."""
