"""runlogs services."""
