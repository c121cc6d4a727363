"""Quality services, split by subject."""
