"""The security module's figures for the annual report (SPEC §4), by subject."""

from houqin.security.metrics import duty, hazards, patrols, visitors  # noqa: F401  (registrations)
