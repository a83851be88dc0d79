"""Made-up people and addresses: Faker de_DE names, unassignable phones, reserved mail domains."""

from __future__ import annotations

import functools
import random
import re
import unicodedata

from faker import Faker

# RFC 2606 / RFC 6761 reserved names: no mail to these can ever reach a real mailbox.
PERSONAL_MAIL_DOMAINS = (
    "example.org",
    "example.net",
    "web.example",
    "mail.example",
    "posteo.example",
    "gmx.example",
)
# Area code and subscriber prefix of the five fixed-network drama ranges (000-999 each).
DRAMA_NUMBERS = (
    ("030", "23125"),
    ("069", "90009"),
    ("040", "66969"),
    ("0221", "4710"),
    ("089", "99998"),
)
UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def faker(seed: int) -> Faker:
    """A German Faker with its own seeded random stream."""
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    return fake


@functools.cache
def slug(text: str, limit: int = 40) -> str:
    """ASCII, lower case, words joined by hyphens, as in a host name or mailbox."""
    text = unicodedata.normalize("NFKD", text.translate(UMLAUTS))
    text = text.encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(words) > limit:  # cut at a word boundary where there is one
        cut = words[: limit + 1]
        words = cut.rsplit("-", 1)[0] if "-" in cut else words[:limit]
    return words or "x"


def person_name(fake: Faker) -> tuple[str, str]:
    """A first and a last name (no titles, so mailboxes stay plausible)."""
    return fake.first_name(), fake.last_name()


def phone(fake: Faker) -> str:
    """A German number from the ranges the Bundesnetzagentur keeps unassigned for fiction.

    ("Drama Numbers", Amtsblatt 7/2021, Mitteilung 148/2021): dialling one reaches nobody.
    """
    area, prefix = fake.random_element(DRAMA_NUMBERS)
    return f"{area} {prefix}{fake.random_int(0, 999):03d}"


def personal_email(rng: random.Random, first: str, last: str) -> str:
    """A private-looking address at a reserved domain."""
    style = rng.randrange(4)
    local = {
        0: f"{slug(first)}.{slug(last)}",
        1: f"{slug(first)[0]}.{slug(last)}",
        2: f"{slug(first)}{rng.randrange(1, 99)}",
        3: f"{slug(last)}.{slug(first)}",
    }[style]
    return f"{local}@{rng.choice(PERSONAL_MAIL_DOMAINS)}"


def work_email(first: str, last: str, domain: str) -> str:
    """first.last@ an organisation's (reserved) domain."""
    return f"{slug(first)}.{slug(last)}@{domain}"


def street(fake: Faker) -> str:
    """A street name and a plain house number (Faker's own numbers run to "88-24")."""
    number = fake.random_int(1, 140)
    letter = "a" if fake.random_int(0, 11) == 0 else ""
    return f"{fake.street_name()} {number}{letter}"
