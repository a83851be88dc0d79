"""Opaque global ids: base64url of "<Type>:<source>:<key>", so node() knows where to go."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from typing import NamedTuple

from .errors import BadUserInput


class GlobalId(NamedTuple):
    type_name: str
    source: str
    key: str


@lru_cache(maxsize=32768, typed=True)  # ids repeat within and across pages (topics, contact points)
def encode_id(type_name: str, source: str, key: object) -> str:
    raw = f"{type_name}:{source}:{key}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def is_number_key(key: str) -> bool:
    """A registry key as this API writes it: ASCII digits that fit a bigint ("²" and "٣" are
    digits to str.isdigit, but not keys: the first breaks int(), the second aliases 3)."""
    return key.isascii() and key.isdigit() and len(key) <= 18


def decode_id(value: str, argument: str = "id") -> GlobalId:
    """Decode an id a caller sent; anything malformed is the caller's error, not ours."""
    try:
        padded = value + "=" * (-len(value) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput(argument, "not a valid id") from None
    parts = raw.split(":", 2)
    if len(parts) != 3 or not all(parts):
        raise BadUserInput(argument, "not a valid id")
    return GlobalId(*parts)


def decode_int_key(value: str, type_name: str, argument: str = "id") -> int:
    """The integer key of an id that must be of the given type."""
    gid = decode_id(value, argument)
    if gid.type_name != type_name:
        raise BadUserInput(argument, f"expected an id of a {type_name}, got a {gid.type_name}")
    if not is_number_key(gid.key):
        raise BadUserInput(argument, "not a valid id")
    return int(gid.key)
