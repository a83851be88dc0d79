"""GraphQL over HTTP: which media type an answer has, and its status.

A client that asks for `application/graphql-response+json` (the GraphQL over HTTP
specification's type) gets it, with HTTP 400 and no `data` entry for a request that never
reached execution (parse, validation and variable errors, refusals); `application/json`
(the default, also for `*/*` or no Accept header) keeps status 200 for those, as before.
"""

from __future__ import annotations

from collections.abc import Iterable

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
_WILDCARDS = {"*/*": JSON, "application/*": JSON}


def negotiate(accept: str | None) -> str:
    """The answer's media type for an Accept header: the acceptable one of the two with the
    highest quality (the first listed among equals); application/json otherwise."""
    best, best_q = JSON, -1.0
    for media, q in _ranges(accept or ""):
        kind = media if media in (JSON, GRAPHQL_RESPONSE) else _WILDCARDS.get(media)
        if kind is not None and q > 0 and q > best_q:
            best, best_q = kind, q
    return best


def _ranges(accept: str) -> Iterable[tuple[str, float]]:
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            yield media.lower(), q


def content_type(media: str) -> str:
    """application/json as before; the specification's type with its charset."""
    return f"{media}; charset=utf-8" if media == GRAPHQL_RESPONSE else media


def accept_of(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The Accept header of an ASGI scope's raw headers."""
    for name, value in headers:
        if name.lower() == b"accept":
            return value.decode("latin-1")
    return None
