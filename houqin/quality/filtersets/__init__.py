"""Quality filtersets, split by subject."""
