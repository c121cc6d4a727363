"""Queries of the security module, by subject."""
