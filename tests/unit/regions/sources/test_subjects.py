"""Who a data-subject request is about: normalising and exact matching (no near misses)."""

from __future__ import annotations

import pytest

from regions.sources.subjects import BadIdentifier, SubjectMatch, normal_phone


@pytest.mark.parametrize(
    "written",
    ["089 1234567", "089/1234567", "+49 89 1234567", "0049 89 123 45 67", "+49 (0)89 123-4567"],
)
def test_one_phone_number_however_it_is_written(written: str) -> None:
    assert normal_phone(written) == "0891234567"


def test_a_foreign_number_keeps_its_country() -> None:
    assert normal_phone("+43 1 234567") == "0043 1234567".replace(" ", "")
    assert normal_phone("+43 1 234567") != normal_phone("01 234567")


def test_email_and_name_by_case_and_space() -> None:
    m = SubjectMatch.parse(email="  Anna.Schmidt@Example.ORG ", name=" anna   SCHMIDT ")
    assert (m.email, m.name) == ("anna.schmidt@example.org", "anna schmidt")


def test_matches_exactly_and_never_a_near_miss() -> None:
    m = SubjectMatch.parse(email="anna@example.org", phone="089 1234567", name="Anna Schmidt")
    assert m.matched_on(name="Anna Schmidt") == ["name"]
    assert m.matched_on(email="ANNA@example.org", phone="+49 89 1234567") == ["email", "phone"]
    assert m.matched_on(name="Anna Schmidtke") == []
    assert m.matched_on(name="Hanna Schmidt") == []
    assert m.matched_on(phone="089 12345678") == []
    assert m.matched_on(phone="089 123456") == []
    assert m.matched_on(email="anna@example.org.uk") == []


def test_a_contradicting_identifier_means_another_person() -> None:
    m = SubjectMatch.parse(email="anna@example.org", name="Anna Schmidt")
    # another Anna Schmidt, with her own email
    assert m.matched_on(name="Anna Schmidt", email="anna.s@other.example") == []
    # an Anna Schmidt without an email on record is found by the name
    assert m.matched_on(name="Anna Schmidt", email=None) == ["name"]
    # her email identifies her however her name was written
    assert m.matched_on(name="Dr. A. Schmidt", email="anna@example.org") == ["email"]


def test_free_text_mentions_as_whole_words_only() -> None:
    m = SubjectMatch.parse(email="anna@example.org", phone="0891234567", name="Anna Schmidt")
    assert m.mentioned_in("neu: Anna Schmidt, Tel. 089 / 123 45 67") == ["name", "phone"]
    assert m.mentioned_in("Mail an ANNA@example.org bitte") == ["email"]
    assert m.mentioned_in("Anna Schmidtke, 089 12345678, xanna@example.org") == []
    assert m.mentioned_in("hanna@example.org.de") == []


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"name": "A"}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"email": "  "}, "email"),
        ({"name": "Anna\x00Schmidt"}, "name"),
        ({"phone": "089\ud800"}, "phone"),
    ],
)
def test_bad_identifiers_are_refused(given: dict[str, str], field: str) -> None:
    with pytest.raises(BadIdentifier) as refused:
        SubjectMatch.parse(**given)
    assert refused.value.field == field


def test_round_trip_through_the_outbox_payload() -> None:
    m = SubjectMatch.parse(email="A@B.de", phone="+49 30 111 222", name="Eva Muster")
    assert SubjectMatch.from_dict(m.as_dict()) == m
