"""Demo rows of the procurement module (2005, 2006, this year)."""


def load(ctx) -> None:
    """Procurement demo rows (filled in below)."""
