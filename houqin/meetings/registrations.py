"""Start-up registrations of the meetings module (menu, cards, metrics, approval kind)."""
