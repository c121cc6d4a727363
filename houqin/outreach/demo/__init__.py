"""Demo data of the outreach module for 2005 and 2006."""


def load(ctx) -> None:
    """Load the module's demo rows."""
