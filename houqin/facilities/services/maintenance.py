"""maintenance services."""
