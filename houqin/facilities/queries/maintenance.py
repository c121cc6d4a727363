"""Reads of the maintenance subject."""


def dashboard_cards(request) -> list:
    """Home-page cards of this subject for the user of ``request`` (none yet)."""
    return []
