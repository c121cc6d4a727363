"""Start-up registrations of the quality module (menu, cards, metrics, satisfaction sources)."""
