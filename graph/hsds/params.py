"""The query parameters of the HSDS API, checked: anything else is a BadParameter (HTTP 400)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from . import ids
from .paging import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_WINDOW, PageRequest

POSTCODE = re.compile(r"\d{5}")
MAX_TEXT = 200
MAX_PROXIMITY_M = 200_000


class BadParameter(Exception):
    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


def known(query: Mapping[str, str], allowed: set[str]) -> None:
    for name in query:
        if name not in allowed:
            raise BadParameter(name, f"unknown parameter; allowed: {', '.join(sorted(allowed))}")


def integer(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,9}", raw):
        raise BadParameter(name, "must be a whole number")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def page(query: Mapping[str, str]) -> PageRequest:
    per_page = integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    number = integer(query, "page", 1, 1, MAX_WINDOW)
    if number * per_page > MAX_WINDOW:
        raise BadParameter(
            "page", f"pages reach {MAX_WINDOW} items deep; use the bulk export for more"
        )
    return PageRequest(number, per_page)


def boolean(query: Mapping[str, str], name: str) -> bool:
    raw = query.get(name)
    if raw is None:
        return False
    if raw.lower() not in ("true", "false", "1", "0"):
        raise BadParameter(name, "must be true or false")
    return raw.lower() in ("true", "1")


def text(query: Mapping[str, str], name: str = "search") -> str | None:
    raw = query.get(name)
    if raw is None:
        return None
    if len(raw) > MAX_TEXT or "\x00" in raw:
        raise BadParameter(name, f"at most {MAX_TEXT} characters, no NUL")
    return raw.strip() or None


def ref(query: Mapping[str, str], name: str, kinds: set[str]) -> ids.Ref | None:
    raw = query.get(name)
    if raw is None:
        return None
    found = ids.parse(raw)
    if found is None or found.kind not in kinds:
        raise BadParameter(name, "not an id of this API")
    return found


def when(query: Mapping[str, str], name: str = "modified_after") -> datetime | None:
    raw = query.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(name, "must be an ISO 8601 date or date-time") from None
    # in UTC, as the stores keep their times (SQLite compares them as text)
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def postcode(query: Mapping[str, str]) -> tuple[str, float] | None:
    """(postal code, radius in km) from `postcode` and `proximity` (metres; 10 km unless given)."""
    code = query.get("postcode")
    proximity = query.get("proximity")
    if code is None:
        if proximity is not None:
            raise BadParameter("proximity", "needs postcode")
        return None
    if not POSTCODE.fullmatch(code):
        raise BadParameter("postcode", "a German postal code has five digits")
    metres = integer(query, "proximity", 10_000, 1, MAX_PROXIMITY_M)
    return code, metres / 1000


def json_format(query: Mapping[str, str]) -> None:
    value = query.get("format")
    if value not in (None, "json"):
        raise BadParameter("format", "only json is served; the bulk export has every record")
