"""Start-up registrations of the outreach module: menu, home cards, metrics, route kinds,
scan purposes, event labels."""

from houqin.outreach.metrics import health, library, publicity  # noqa: F401  (register metrics)
