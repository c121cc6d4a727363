"""Metrics of the greening subject (registered on import)."""
