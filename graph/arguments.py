"""Validation of the arguments callers send: each failure names its argument."""

from __future__ import annotations

import re

from regions.sources.codes import LAENDER

from .errors import BadUserInput

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
