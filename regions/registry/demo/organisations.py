"""Nationwide organisations, forums and platforms: the catalog's real ones, then made-up ones."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

from faker import Faker

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.demo.catalog.organisations import NAME_PATTERNS, ORGANISATIONS
from regions.registry.demo.people import person_name, phone, slug, street, work_email
from regions.registry.demo.places import Places, Town
from regions.registry.demo.provenance import provenance
from regions.registry.demo.sizes import pick
from regions.registry.demo.topics import TopicIndex
from regions.registry.models import OrganisationKind

Rows = dict[str, list[dict[str, Any]]]
DESCRIPTIONS = {
    OrganisationKind.ORGANISATION: "Bundesweite Selbsthilfeorganisation zum Thema {topic}. "
    "Sie informiert Betroffene und Angehörige und vermittelt Kontakte zu Gruppen vor Ort.",
    OrganisationKind.FORUM: "Internetforum für den Austausch über {topic}. "
    "Die Beiträge werden ehrenamtlich moderiert.",
    OrganisationKind.PLATFORM: "Online-Plattform, die Menschen mit Erfahrungen zu {topic} "
    "miteinander vernetzt.",
    OrganisationKind.INSTITUTION: "Einrichtung mit Bezug zur Selbsthilfe im Bereich {topic}. "
    "Sie berät Betroffene, Angehörige und Fachleute.",
}
ROLES = {
    OrganisationKind.ORGANISATION: ("Vorsitz", "Geschäftsführung", "Referentin Selbsthilfe"),
    OrganisationKind.FORUM: ("Moderation", "Administration"),
    OrganisationKind.PLATFORM: ("Community-Management", "Redaktion"),
    OrganisationKind.INSTITUTION: ("Leitung", "Beratung", "Öffentlichkeitsarbeit"),
}
TOPIC_COUNTS = ((1, 5), (2, 3), (3, 2))


def kind_of(value: object) -> OrganisationKind:
    """A catalog kind (enum member or its name, any case) as the model's enum."""
    if isinstance(value, OrganisationKind):
        return value
    return OrganisationKind(str(value).upper())


def _address(fake: Faker, town: Town | None, with_street: bool) -> dict[str, Any]:
    if town is None:
        return {"street": None, "postal_code": None, "city": None, "region_code": None}
    return {
        "street": street(fake) if with_street else None,
        "postal_code": town.postal_codes[0].code,
        "city": town.name,
        "region_code": town.land,
    }


def _domain(name: str) -> str:
    """A reserved domain from the name, without the legal form."""
    return f"{slug(name.replace(' e.V.', ''))}.example"


def _candidates(
    rng: random.Random, places: Places, topics: TopicIndex
) -> Iterator[tuple[str, OrganisationKind, int]]:
    """Pattern × topic names in a shuffled order; then with a Land, then with a town.

    A pattern that hyphenates the topic ("{topic}-Forum") only takes one-word topic names.
    """
    pairs = [
        (template, kind_of(kind), topic)
        for template, kind in NAME_PATTERNS
        for topic in sorted(topics.names)
        if "{topic}-" not in template or " " not in topics.names[topic]
    ]
    rng.shuffle(pairs)
    for template, kind, topic in pairs:
        yield template.format(topic=topics.names[topic]), kind, topic
    while True:
        for template, kind, topic in pairs:
            land = rng.choice(LAENDER)
            name = template.format(topic=topics.names[topic])
            yield f"{name} – Landesverband {land.name}", kind, topic
            town = places.pick_town(rng, land.code)
            yield f"{name} – Regionalgruppe {town.name}", kind, topic


def build_organisations(
    rng: random.Random, fake: Faker, places: Places, topics: TopicIndex, today: date, total: int
) -> Rows:
    """All catalog organisations first, then generated ones up to `total`, unique by name."""
    rows: Rows = {"organisations": [], "organisation_topics": [], "organisation_contacts": []}
    taken: set[str] = set()

    def add(row: dict[str, Any], topic_ids: list[int], mail_domain: str) -> None:
        number = len(rows["organisations"]) + 1
        taken.add(row["name"])
        kind = row["kind"]
        first_topic = topics.names[topic_ids[0]] if topic_ids else "Selbsthilfe"
        row |= {
            "id": number,
            "description": DESCRIPTIONS[kind].format(topic=first_topic),
            **provenance(rng, today),
        }
        rows["organisations"].append(row)
        for topic in dict.fromkeys(topic_ids):
            rows["organisation_topics"].append({"organisation_id": number, "topic_id": topic})
        contacts = rows["organisation_contacts"]
        for role in rng.sample(ROLES[kind], rng.choice((0, 1, 1, 2))):
            first, last = person_name(fake)
            contacts.append(
                {
                    "id": len(contacts) + 1,
                    "organisation_id": number,
                    "name": f"{first} {last}",
                    "role": role,
                    "phone": phone(fake),
                    "email": work_email(first, last, mail_domain),
                }
            )

    for spec in ORGANISATIONS:
        town = places.find_town(spec.city) if spec.city else None
        row = {
            "name": spec.name,
            "kind": kind_of(spec.kind),
            "website": spec.website,
            "office_phone": None,
            "office_email": None,
            **_address(fake, town, with_street=False),
        }
        if town is None:  # a seat too small for the town list: the name only, no guessed code
            row["city"] = spec.city
        topic_ids = [topics.ids[s] for s in spec.topics if s in topics.ids]
        add(row, topic_ids, _domain(spec.name))

    candidates = _candidates(rng, places, topics)
    lands = tuple((land.code, land.population) for land in LAENDER)
    while len(rows["organisations"]) < total:
        name, kind, topic = next(candidates)
        if name in taken:
            continue
        land = pick(rng, lands)
        town = places.pick_town(rng, land)
        domain = _domain(name)
        row = {
            "name": name,
            "kind": kind,
            "website": f"https://www.{domain}",
            "office_phone": phone(fake) if kind is not OrganisationKind.FORUM else None,
            "office_email": f"{rng.choice(('info', 'kontakt', 'post'))}@{domain}",
            **_address(fake, town, with_street=True),
        }
        row["postal_code"] = rng.choice(town.postal_codes).code
        add(row, topics.related(rng, topic, pick(rng, TOPIC_COUNTS) - 1), domain)
    return rows
