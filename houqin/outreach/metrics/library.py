"""Metrics of the library subject (registered on import)."""
