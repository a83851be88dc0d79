"""Nationwide organisations, forums and platforms: the catalog's real ones, then made-up ones."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from faker import Faker

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.demo.catalog.organisations import NAME_PATTERNS, ORGANISATIONS
from regions.registry.demo.people import person_name, phone, slug, street, work_email
from regions.registry.demo.places import Places, Town
from regions.registry.demo.provenance import provenance
from regions.registry.demo.sizes import pick
from regions.registry.demo.topics import TopicIndex
from regions.registry.models import OrganisationKind, OrganisationLevel, UmbrellaKind

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
LAND_DESCRIPTIONS = {
    OrganisationKind.ORGANISATION: "Selbsthilfeorganisation zum Thema {topic} auf Landesebene. "
    "Sie informiert Betroffene und Angehörige und vermittelt Kontakte zu Gruppen vor Ort.",
    OrganisationKind.FORUM: DESCRIPTIONS[OrganisationKind.FORUM],
    OrganisationKind.PLATFORM: "Portal eines Landes, das Selbsthilfegruppen zu {topic} "
    "auffindbar macht.",
    OrganisationKind.INSTITUTION: DESCRIPTIONS[OrganisationKind.INSTITUTION],
}
TOPIC_COUNTS = ((1, 5), (2, 3), (3, 2))


def _core(name: str) -> str:
    """A name without its legal form and subtitle, case folded: what a brand is."""
    return name.split(" – ")[0].replace(" e.V.", "").strip().casefold()


def borrows_brand(name: str, real_names: list[str]) -> bool:
    """A made-up name that repeats a real organisation's name, or is contained in one
    ("Deutsche Diabetes-Hilfe e.V." beside "diabetesDE – Deutsche Diabetes-Hilfe")."""
    core = _core(name)
    return any(core in real.casefold() or _core(real) in name.casefold() for real in real_names)


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


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _domain(name: str) -> str:
    """A reserved domain from the name, without the legal form."""
    return f"{slug(name.replace(' e.V.', ''))}.example"


def _candidates(
    rng: random.Random, places: Places, topics: TopicIndex
) -> Iterator[tuple[str, OrganisationKind, int, str | None, Town | None]]:
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
        yield template.format(topic=topics.names[topic]), kind, topic, None, None
    while True:
        for template, kind, topic in pairs:
            land = rng.choice(LAENDER)
            name = template.format(topic=topics.names[topic])
            # a Land's association sits in that Land (and is a Land-level organisation)
            town = places.pick_town(rng, land.code)
            yield f"{name} – Landesverband {land.name}", kind, topic, land.code, town
            town = places.pick_town(rng, land.code)
            yield f"{name} – Regionalgruppe {town.name}", kind, topic, land.code, town


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
        texts = LAND_DESCRIPTIONS if row["level"] is OrganisationLevel.LAND else DESCRIPTIONS
        row |= {
            "id": number,
            "description": texts[kind].format(topic=first_topic),
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

    domains: set[str] = set()
    for spec in ORGANISATIONS:
        town = places.find_town(spec.city) if spec.city else None
        row = {
            "name": spec.name,
            "kind": kind_of(spec.kind),
            "website": spec.website,
            "office_phone": None,
            "office_email": None,
            **_address(fake, town, with_street=False),
            "level": OrganisationLevel[spec.level],
            "umbrella_kind": UmbrellaKind[spec.umbrella] if spec.umbrella else None,
        }
        if town is None:  # a seat too small for the town list: the name only, no guessed code
            row["city"] = spec.city or None
        if spec.land:
            row["region_code"] = spec.land
        if spec.website:
            domains.add(_host(spec.website))
        topic_ids = [topics.ids[s] for s in spec.topics if s in topics.ids]
        add(row, topic_ids, _domain(spec.name))

    real_names = [spec.name for spec in ORGANISATIONS]
    candidates = _candidates(rng, places, topics)
    lands = tuple((land.code, land.population) for land in LAENDER)
    while len(rows["organisations"]) < total:
        name, kind, topic, own_land, own_town = next(candidates)
        if name in taken or borrows_brand(name, real_names):
            continue
        land = own_land or pick(rng, lands)
        town = own_town or places.pick_town(rng, land)
        domain = _domain(name)
        suffix = 2
        while f"www.{domain}" in domains:  # long names cut to the same slug: one site each
            domain = f"{_domain(name).removesuffix('.example')}-{suffix}.example"
            suffix += 1
        domains.add(f"www.{domain}")
        row = {
            "name": name,
            "kind": kind,
            "website": f"https://www.{domain}",
            "office_phone": phone(fake) if kind is not OrganisationKind.FORUM else None,
            "office_email": f"{rng.choice(('info', 'kontakt', 'post'))}@{domain}",
            **_address(fake, town, with_street=True),
            "level": OrganisationLevel.LAND if own_land else OrganisationLevel.BUND,
            "umbrella_kind": None,
        }
        row["postal_code"] = rng.choice(town.postal_codes).code
        add(row, topics.related(rng, topic, pick(rng, TOPIC_COUNTS) - 1), domain)
    return rows
