"""Procurement API: projects."""


def register(router) -> None:
    """Add this subject's endpoints to the router."""
