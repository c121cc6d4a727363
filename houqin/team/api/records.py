"""API of the records subject."""


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
