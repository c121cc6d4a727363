"""Relief metrics (SPEC §4 relief.*)."""
