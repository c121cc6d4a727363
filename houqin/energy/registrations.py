"""Start-up registrations of the energy and supplies module: menu, home cards, metrics, event
labels, the approval kind of requisitions."""
