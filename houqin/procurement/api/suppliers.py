"""Procurement API: suppliers."""


def register(router) -> None:
    """Add this subject's endpoints to the router."""
