"""Which media type an answer has, from the Accept header (GraphQL over HTTP)."""

from __future__ import annotations

import pytest

from graph.hardening.media import GRAPHQL_RESPONSE, JSON, accept_of, content_type, negotiate


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("text/html", JSON),  # neither: the legacy type (the specification allows it)
        (JSON, JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", JSON),  # equal quality: the first listed
        (f"{JSON};q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE};q=bad, */*;q=0.1", JSON),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON; charset=utf-8", GRAPHQL_RESPONSE),
    ],
)
def test_negotiate(accept: str | None, media: str) -> None:
    assert negotiate(accept) == media


def test_content_type_and_raw_headers() -> None:
    assert content_type(JSON) == "application/json"
    assert content_type(GRAPHQL_RESPONSE) == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert accept_of([(b"Accept", b"*/*"), (b"x", b"y")]) == "*/*"
    assert accept_of([]) is None
