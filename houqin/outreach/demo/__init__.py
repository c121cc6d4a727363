"""The outreach module's part of the demo compound (科普文明大院), by subject: the library, the
health-consultation room, publicity and the volunteer team. The seed's 2006 figures (and the
2005 ones the reports state) come out of the rows, counted as the metrics count them."""

from houqin.outreach.demo import health, library, publicity


def load(ctx) -> None:
    """Load every subject's demo records."""
    library.load(ctx)
    health.load(ctx)
    publicity.load(ctx)
