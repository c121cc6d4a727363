"""Metrics of the cleaning subject (registered on import)."""
