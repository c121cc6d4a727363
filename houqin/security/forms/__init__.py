"""Forms of the security module, by subject."""
