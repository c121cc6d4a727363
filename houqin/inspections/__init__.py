"""Inspection rounds (SPEC §2a): checkpoints, routes, scheduled rounds, scans, check items and
findings. Guard patrols, cleaning-zone inspections, pest-station checks, equipment patrol
inspection and the daily fire-facility patrol are all rounds of this one engine."""
