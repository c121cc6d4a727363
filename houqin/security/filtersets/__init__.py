"""Filtersets of the security module, by subject."""
