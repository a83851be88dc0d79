"""NRW's own words for the shared values, used by its service and by the graph's reader."""

from __future__ import annotations

from enum import Enum
from typing import Any

from regions.sources.search.query import Order
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

ZUSTAND = {
    "aktiv": GroupStatus.ACTIVE,
    "gruendung": GroupStatus.FOUNDING,
    "pause": GroupStatus.PAUSED,
    "beendet": GroupStatus.ENDED,
}
ART = {
    "vor_ort": GroupFormat.IN_PERSON,
    "online": GroupFormat.DIGITAL,
    "hybrid": GroupFormat.HYBRID,
}
# NRW's groups are local or state-wide; "bundesweit" is a word its API understands in a filter
# (it matches none of its groups) so that every national value can be asked for.
WIRKUNGSKREIS = {
    "lokal": GroupReach.LOCAL,
    "landesweit": GroupReach.STATE,
    "bundesweit": GroupReach.NATIONWIDE,
}
FUER = {"betroffene": Audience.AFFECTED, "angehoerige": Audience.RELATIVES, "beide": Audience.BOTH}
ERREICHBAR = {"direkt": ContactMode.DIRECT, "ueber_kontaktstelle": ContactMode.VIA_CONTACT_POINT}


def word(words: dict[str, object], value: object) -> str:
    """NRW's word for a shared value."""
    return next(own for own, shared in words.items() if shared is value)


ORDNUNG = {"relevanz": Order.RELEVANCE, "entfernung": Order.DISTANCE}
BY_FIELD: dict[str, dict[str, Any]] = {
    "status": ZUSTAND,
    "format": ART,
    "reach": WIRKUNGSKREIS,
    "audience": FUER,
    "contact_mode": ERREICHBAR,
}


def own(field: str, value: Enum) -> list[str]:
    """NRW's words for a shared value of a field (what search asks its columns for)."""
    return [own for own, shared in BY_FIELD[field].items() if shared is value]
