"""Quality queries, split by subject."""
