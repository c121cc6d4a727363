"""Start-up registrations of the relief module: menu, home cards, metrics, event labels."""

from houqin.relief import metrics  # noqa: F401  (register metrics)
