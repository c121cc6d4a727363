"""API of the meters subject."""


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
