"""Pages of the 24-hour duty: posts, shifts, absences, special periods, rosters, swaps, duty
logs and handover."""

urlpatterns: list = []
