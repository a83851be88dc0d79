"""HSDS ids: UUID strings (the schemas' `format: uuid`) that encode what they name, so an id
leads back to its record without a table of ids (no second copy of the data).

Layout of the 16 bytes: byte 0 the kind (a letter), byte 1 the source (0 the national
registry, 1..16 a Land in `codes.LAENDER` order), bytes 2..15 the source's own key as ASCII,
padded with NUL. A key of more than 14 characters cannot be encoded (ValueError).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from regions.registry import SOURCE
from regions.sources.codes import LAENDER

SOURCES = [SOURCE, *LAENDER]
KEY_BYTES = 14

# kinds of object
ORGANIZATION = "O"  # a green-list organisation
CONTACT_POINT = "C"  # a contact point as organisation
OFFER = "F"  # what an organisation offers (service)
SUPPORT = "S"  # a contact point's "Selbsthilfe-Unterstützung" (service)
GROUP = "G"  # a group (service)
OFFICE = "L"  # a contact point's office (location; its service_at_location)
MEETING = "M"  # a group's meeting place (location; its service_at_location)
TAXONOMY = "X"
TERM = "T"
SAL = "A"  # a service at a location (key: the location's key; its kind says which)
SAL_OFFICE = "B"  # a contact point's support service at its office

# Records nested in one of the above are only ever reached through it: their ids are
# name-based UUIDs (version 5) of the parent's id and what they are within it.
NESTED = uuid.UUID("5d0c6f6e-8a3b-4c59-9a43-2f0e1f3b7a11")


@dataclass(frozen=True, slots=True)
class Ref:
    kind: str
    source: str
    key: str


def make(kind: str, source: str, key: object) -> str:
    raw = str(key).encode("ascii")
    if len(raw) > KEY_BYTES or b"\0" in raw:
        raise ValueError(f"key {key!r} cannot be encoded in an HSDS id")
    data = kind.encode("ascii") + bytes([SOURCES.index(source)]) + raw.ljust(KEY_BYTES, b"\0")
    return str(uuid.UUID(bytes=data))


def nested(parent: str, what: str, index: object = 0) -> str:
    return str(uuid.uuid5(NESTED, f"{parent}/{what}/{index}"))


def parse(value: str) -> Ref | None:
    """The record an id names, or None for anything that is not one of ours."""
    try:
        data = uuid.UUID(value).bytes
    except (ValueError, AttributeError, TypeError):
        return None
    if str(uuid.UUID(bytes=data)) != value.lower() or data[1] >= len(SOURCES):
        return None
    key = data[2:].rstrip(b"\0")
    if b"\0" in key or not key:
        return None
    try:
        return Ref(chr(data[0]), SOURCES[data[1]], key.decode("ascii"))
    except UnicodeDecodeError:
        return None
