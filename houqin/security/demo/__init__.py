"""The security module's part of the demo compound, by subject."""

from houqin.security.demo import duty, hazards, patrols, visitors


def load(ctx) -> None:
    """Load every subject's demo records."""
    visitors.load(ctx)
    hazards.load(ctx)
    duty.load(ctx)
    patrols.load(ctx)
