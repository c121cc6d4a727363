"""runlogs figures for the annual report (SPEC §4)."""
