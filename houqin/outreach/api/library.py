"""API of the library subject."""


def register(router) -> None:
    """Add this subject's endpoints to the app's router."""
