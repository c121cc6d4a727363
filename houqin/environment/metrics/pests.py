"""Metrics of the pests subject (registered on import)."""
