"""Validation of the arguments callers send: each failure names its argument."""

from __future__ import annotations

import re
from typing import Any

from strawberry.types import Info

from regions.registry.store import topics
from regions.sources.codes import LAENDER

from .errors import BadUserInput
from .ids import decode_int_key

MAX_TEXT = 200
POSTAL_CODE = re.compile(r"[0-9]{5}")


def region_code(value: str | None, argument: str = "region") -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if code not in LAENDER:
        raise BadUserInput(
            argument, f"unknown region code {value!r}; use an ISO 3166-2 code such as DE-BY"
        )
    return code


def text(value: str | None, argument: str = "text") -> str | None:
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise BadUserInput(argument, f"at most {MAX_TEXT} characters")
    if "\x00" in value:  # PostgreSQL text cannot hold it: refuse it as input, not as a crash
        raise BadUserInput(argument, "must not contain NUL characters")
    value = value.strip()
    return value or None


def postal_code(value: str | None, argument: str = "postalCode") -> str | None:
    if value is not None and not POSTAL_CODE.fullmatch(value):
        raise BadUserInput(argument, "a German postal code has five digits")
    return value


async def topic_subtree(info: Info, topic: str | None, field: str = "id") -> list[Any] | None:
    """A Topic id argument as `field` (id or slug) of the topic and every topic below it."""
    if topic is None:
        return None
    key = decode_int_key(topic, "Topic", argument="topic")
    found = await topics.subtree(info.context.engine, [key], field)
    if not found:
        raise BadUserInput("topic", "no such topic")
    return found
