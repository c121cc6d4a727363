"""Quality views, split by subject."""
