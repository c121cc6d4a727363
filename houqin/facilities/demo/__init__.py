"""The facilities module's part of the demo compound, by subject: the equipment registry, the
run logs that reproduce the seed's 台班 figures, preventive maintenance and work orders."""

from houqin.facilities.demo import equipment, maintenance, runlogs, workorders


def load(ctx) -> None:
    """Load every subject's demo records (work orders last: some come from run logs)."""
    plant = equipment.load(ctx)
    abnormal = runlogs.load(ctx, plant)
    maintenance.load(ctx, plant)
    workorders.load(ctx, plant, abnormal)
