"""Quality forms, split by subject."""
