"""Start-up registrations of the environment module: menu, home cards, metrics, route kinds,
scan purposes, event labels."""

from houqin.environment.metrics import cleaning, greening, pests  # noqa: F401  (register metrics)
