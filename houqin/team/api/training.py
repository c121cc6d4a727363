"""API of the training subject."""


def register(router) -> None:
    """Add this subject's endpoints to the app router."""
