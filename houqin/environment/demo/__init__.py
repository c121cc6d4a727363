"""The environment module's part of the demo compound, by subject: greening under contract,
cleaning zones and vector density control (the cockroach re-inspection of 2006 at level B)."""

from houqin.environment.demo import cleaning, greening, pests


def load(ctx) -> None:
    """Load every subject's demo records."""
    greening.load(ctx)
    cleaning.load(ctx)
    pests.load(ctx)
