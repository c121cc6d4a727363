"""workorders services."""
