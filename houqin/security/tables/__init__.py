"""Tables of the security module, by subject."""
