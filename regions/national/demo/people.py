"""Made-up people and addresses: Faker de_DE names and phones, mail only at reserved domains."""

from __future__ import annotations

import random
import re
import unicodedata

from faker import Faker

# RFC 2606 / RFC 6761 reserved names: no mail to these can ever reach a real mailbox.
PERSONAL_MAIL_DOMAINS = ("example.org", "example.net", "web.example", "mail.example",
                         "posteo.example", "gmx.example")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})


def faker(seed: int) -> Faker:
    """A German Faker with its own seeded random stream."""
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    return fake


def slug(text: str, limit: int = 40) -> str:
    """ASCII, lower case, words joined by hyphens, as in a host name or mailbox."""
    text = unicodedata.normalize("NFKD", text.translate(UMLAUTS))
    text = text.encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return words[:limit].rstrip("-") or "x"


def person_name(fake: Faker) -> tuple[str, str]:
    """A first and a last name (no titles, so mailboxes stay plausible)."""
    return fake.first_name(), fake.last_name()


def phone(fake: Faker) -> str:
    return str(fake.phone_number())


def personal_email(rng: random.Random, first: str, last: str) -> str:
    """A private-looking address at a reserved domain."""
    style = rng.randrange(4)
    local = {0: f"{slug(first)}.{slug(last)}", 1: f"{slug(first)[0]}.{slug(last)}",
             2: f"{slug(first)}{rng.randrange(1, 99)}", 3: f"{slug(last)}.{slug(first)}"}[style]
    return f"{local}@{rng.choice(PERSONAL_MAIL_DOMAINS)}"


def work_email(first: str, last: str, domain: str) -> str:
    """first.last@ an organisation's (reserved) domain."""
    return f"{slug(first)}.{slug(last)}@{domain}"


def street(fake: Faker) -> str:
    return str(fake.street_address())
