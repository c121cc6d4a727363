"""Quality api, split by subject."""
