"""Start-up registrations of the signage module (menu, cards, metrics, approval kind)."""
