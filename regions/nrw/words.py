"""NRW's own words for the shared values, used by its service and by the graph's reader."""

from __future__ import annotations

from regions.national.models import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

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
WIRKUNGSKREIS = {"lokal": GroupReach.LOCAL, "landesweit": GroupReach.STATE}
FUER = {"betroffene": Audience.AFFECTED, "angehoerige": Audience.RELATIVES, "beide": Audience.BOTH}
ERREICHBAR = {"direkt": ContactMode.DIRECT, "ueber_kontaktstelle": ContactMode.VIA_CONTACT_POINT}


def word(words: dict[str, object], value: object) -> str:
    """NRW's word for a shared value."""
    return next(own for own, shared in words.items() if shared is value)
