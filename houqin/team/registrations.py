"""Start-up registrations of the team module: menu, home cards, metrics, event labels."""
