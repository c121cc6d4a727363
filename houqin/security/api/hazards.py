"""API of cameras, alarms, hazards and incidents."""


def register(router) -> None:
    """Add this subject's endpoints to the security router."""
