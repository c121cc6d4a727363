"""Start-up registrations of the procurement module: menu, home cards, metrics, approval kinds,
event labels."""

from houqin.procurement.metrics import savings  # noqa: F401  (register metrics)
