"""Home-page cards are data too: each module registers a function returning its live counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Card:
    label: str
    value: int | str
    url: str = ""
    icon: str = "circle"
    tone: str = "primary"


PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    """Register ``provider(request) -> list[Card]`` (usable as a decorator)."""
    PROVIDERS.append(provider)
    return provider


def cards_for(request) -> list[Card]:
    """Every card the user may see, in registration order."""
    return [card for provider in PROVIDERS for card in provider(request)]
