"""What counts as a link in an anonymous contact message (refused unless allowed)."""

from __future__ import annotations

import pytest

from graph.mutations.request_contact import LINK, sender_digest


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/x",
        "ftp://example.org",
        "siehe www.beispiel.de",
        "beispiel-angebot.com/rabatt",
        "schreiben Sie an anna@web.de",
        "unser-shop.xyz",
    ],
)
def test_links_are_found(text: str) -> None:
    assert LINK.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "z.B. am Dienstag, d.h. nach 18 Uhr, ca. 10 Personen, usw.",
        "Ich bin Mitglied im e.V. und habe Fragen zu Mo.-Fr.",
        "Meine Telefonnummer: 0231 123456",
        "Hallo.Ich heiße Anna.",
    ],
)
def test_ordinary_german_text_is_no_link(text: str) -> None:
    assert not LINK.search(text)


def test_a_sender_is_counted_whatever_the_case_of_the_address() -> None:
    assert sender_digest("Anna@Example.org ") == sender_digest("anna@example.org")
