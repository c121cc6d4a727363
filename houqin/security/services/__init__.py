"""Writes of the security module."""

from houqin.security.services.visitors import (
    blacklist_entry_save,
    clean_id_number,
    clean_phone,
    invitation_admit,
    invitation_create,
    invitation_void,
    visit_check_in,
    visit_check_out,
    visit_reveal,
    visit_update,
    visits_import,
    visits_purge_pii,
)

__all__ = [
    "blacklist_entry_save",
    "clean_id_number",
    "clean_phone",
    "invitation_admit",
    "invitation_create",
    "invitation_void",
    "visit_check_in",
    "visit_check_out",
    "visit_reveal",
    "visit_update",
    "visits_import",
    "visits_purge_pii",
]
