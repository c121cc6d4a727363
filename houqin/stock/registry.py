"""The uses of the stock ledger: each module that keeps goods (office supplies, relief goods,
spare parts) registers its *ledger* here; an item belongs to one ledger, and a module's pages
and figures read only the items of its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ledger:
    code: str
    label: str
    perm: str | None = None  # the permission a module requires to work its ledger, if any


LEDGERS: dict[str, Ledger] = {}


def register_ledger(code: str, label, perm: str | None = None) -> Ledger:
    """Add (or replace) a use of the stock ledger."""
    ledger = Ledger(code, label, perm)
    LEDGERS[code] = ledger
    return ledger


def ledger_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered ledger, for a model field's choices."""
    return [(ledger.code, ledger.label) for ledger in LEDGERS.values()]


def ledger_label(code: str) -> str:
    """The translated label of a ledger code (the code itself if unknown)."""
    ledger = LEDGERS.get(code)
    return str(ledger.label) if ledger else code
