"""API of the supplies subject."""


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
