"""Metrics of the health subject (registered on import)."""
