"""Relief API."""


def register(router) -> None:
    """Add the relief endpoints to the router."""
