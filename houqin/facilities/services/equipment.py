"""equipment services."""
