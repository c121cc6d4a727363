"""Demo rows of the relief module: the July 2006 flood."""


def load(ctx) -> None:
    """Relief demo rows (filled in below)."""
