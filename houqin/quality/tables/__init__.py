"""Quality tables, split by subject."""
