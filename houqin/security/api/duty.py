"""API of the 24-hour duty."""


def register(router) -> None:
    """Add this subject's endpoints to the security router."""
