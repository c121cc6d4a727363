"""Metrics of the publicity subject (registered on import)."""
