"""The pure checks of mutation input: each problem names its field, all are reported at once."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from graph.ids import encode_id
from graph.mutations.base import (
    MAX_CLIENT_MUTATION_ID,
    MutationErrorCode,
    check_client_mutation_id,
    personal,
    plain,
)
from graph.mutations.checks import Checks
from regions.sources.vocabulary import ReviewState


def codes(checks: Checks) -> list[tuple[str | None, MutationErrorCode]]:
    return [(e.field, e.code) for e in checks.errors]


def test_text_is_trimmed_and_blank_is_none() -> None:
    c = Checks()
    assert c.text("name", "  Gruppe  ", 10) == "Gruppe"
    assert c.text("note", "   ", 10) is None
    assert c.errors == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", MutationErrorCode.REQUIRED),
        ("   ", MutationErrorCode.REQUIRED),
        (None, MutationErrorCode.REQUIRED),
        ("x" * 11, MutationErrorCode.TOO_LONG),
        ("a\x00b", MutationErrorCode.INVALID),
        ("a\x1bb", MutationErrorCode.INVALID),
    ],
)
def test_text_problems(value: str | None, code: MutationErrorCode) -> None:
    c = Checks()
    assert c.text("name", value, 10, required=True) is None
    assert codes(c) == [("name", code)]


@pytest.mark.parametrize(
    ("method", "value", "ok"),
    [
        ("email", "erika@example.org", True),
        ("email", "erika.example.org", False),
        ("email", "erika@example", False),
        ("phone", "+49 (30) 123-456", True),
        ("phone", "call me", False),
        ("url", "https://gruppe.example.org/treffen", True),
        ("url", "javascript:alert(1)", False),
        ("url", "ftp://example.org", False),
        ("url", "https://", False),
        ("rrule", "FREQ=WEEKLY;BYDAY=TU", True),
        ("rrule", "freq=monthly;byday=2tu", True),
        ("rrule", "jeden Dienstag", False),
    ],
)
def test_formats(method: str, value: str, ok: bool) -> None:
    c = Checks()
    result = getattr(c, method)("f", value)
    assert (result is not None) is ok
    assert codes(c) == ([] if ok else [("f", MutationErrorCode.INVALID)])


def test_numbers_confirmations_and_ids() -> None:
    c = Checks()
    assert c.whole("minutes", 90, 15, 600) == 90
    assert c.whole("minutes", 5, 15, 600) is None
    c.confirmed("confirmations.neutral", True)
    c.confirmed("confirmations.notCommercial", False)
    assert c.key("topics.0", encode_id("Topic", "nakos", 7), "Topic") == 7
    assert c.key("topics.1", encode_id("Group", "nakos", 7), "Topic") is None
    assert c.key("topics.2", "not base64 at all!", "Topic") is None
    assert codes(c) == [
        ("minutes", MutationErrorCode.INVALID),
        ("confirmations.notCommercial", MutationErrorCode.REQUIRED),
        ("topics.1", MutationErrorCode.INVALID),
        ("topics.2", MutationErrorCode.INVALID),
    ]


def test_client_mutation_id_length() -> None:
    assert check_client_mutation_id("a" * MAX_CLIENT_MUTATION_ID) == []
    [error] = check_client_mutation_id("a" * (MAX_CLIENT_MUTATION_ID + 1))
    assert (error.field, error.code) == ("clientMutationId", MutationErrorCode.TOO_LONG)


def test_the_change_log_holds_plain_values_and_never_personal_ones() -> None:
    at = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    assert plain(ReviewState.PUBLISHED) == "PUBLISHED"
    assert plain(at) == "2026-11-30T20:00:00+00:00"
    assert plain(time(19, 30)) == "19:30:00"
    assert plain([ReviewState.SUBMITTED, 3]) == ["SUBMITTED", 3]
    assert plain(object()).startswith("<object")
    assert personal("erika@example.org") == "<set>"
    assert personal(None) is None and personal("") is None
