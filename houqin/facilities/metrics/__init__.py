"""The facilities module's figures for the annual report (SPEC §4), by subject."""

from houqin.facilities.metrics import (  # noqa: F401  (registrations)
    maintenance,
    runlogs,
    workorders,
)
