"""Demo local groups around one Land's national contact points, for the regions' stand-ins.

The same generator conventions as the national data (its places, people, meetings, names and
topics are imported, not copied); each region writes the result in its own words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from regions.registry.demo import sizes
from regions.registry.demo.contact_points import Office, build_contact_points
from regions.registry.demo.group_texts import description, group_name
from regions.registry.demo.meetings import meeting
from regions.registry.demo.people import faker, person_name, personal_email, phone, slug
from regions.registry.demo.places import places
from regions.registry.demo.provenance import provenance
from regions.registry.demo.topics import build_topics
from regions.sources.search.geo import public_point
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

FORMATS = ((GroupFormat.IN_PERSON, 70), (GroupFormat.HYBRID, 22), (GroupFormat.DIGITAL, 8))
REACH = ((GroupReach.LOCAL, 94), (GroupReach.STATE, 6))
STATUS = ((GroupStatus.ACTIVE, 88), (GroupStatus.FOUNDING, 6), (GroupStatus.PAUSED, 6))
AUDIENCE = ((Audience.AFFECTED, 55), (Audience.BOTH, 30), (Audience.RELATIVES, 15))
LANGUAGES = (("de", 90), ("de tr", 4), ("de ru", 3), ("de en", 3))


@dataclass(frozen=True, slots=True)
class LocalGroup:
    """One demo group in the national vocabulary; regions translate it into their own."""

    number: int
    name: str
    description: str
    status: GroupStatus
    format: GroupFormat
    reach: GroupReach
    audience: Audience
    contact_point_key: int
    contact_mode: ContactMode
    postal_code: str
    city: str
    latitude: float | None  # a withheld place: its town's centre (regions.sources.search.geo)
    longitude: float | None
    address_withheld: bool
    meeting_rule: str | None
    meeting_time: time | None
    meeting_note: str | None
    languages: str
    wheelchair_accessible: bool | None
    accessibility_note: str | None
    open_for_new_members: bool
    published: bool
    topic_slugs: tuple[str, ...]
    updated_at: datetime
    verified_at: datetime | None
    contact: dict[str, Any]


def offices_of(land: str, seed: int, scale: float) -> list[Office]:
    """The Land's contact points exactly as the national demo registry numbers them."""
    rng = random.Random(f"{seed}:contact_points")
    total = sizes.scaled(sizes.CONTACT_POINTS, scale)
    _, offices = build_contact_points(rng, faker(seed + 1), places(), date(2026, 1, 1), total)
    return [office for office in offices if office.land == land]


def local_groups(land: str, total: int, seed: int, scale: float, today: date) -> list[LocalGroup]:
    """`total` groups, each near one of the Land's contact points, deterministic for the seed."""
    rng = random.Random(f"{seed}:local_groups:{land}")
    fake = faker(seed + sum(map(ord, land)))
    where = places()
    offices = offices_of(land, seed, scale)
    _, topics = build_topics()
    nearby = {o.id: _postal_codes(where, o, land) for o in offices}
    taken: set[str] = set()
    out = []
    for number in range(1, total + 1):
        office = rng.choice(offices)
        postal = rng.choice(nearby[office.id])
        form = sizes.pick(rng, FORMATS)
        reach = sizes.pick(rng, REACH)
        status = sizes.pick(rng, STATUS)
        audience = sizes.pick(rng, AUDIENCE)
        topic = rng.choice(topics.concrete)
        related = topics.related(rng, topic, rng.choice((0, 0, 1, 2)))
        languages = sizes.pick(rng, LANGUAGES)
        open_new = status is GroupStatus.FOUNDING or sizes.chance(rng, 0.8)
        rhythm = meeting(rng)
        via = sizes.chance(rng, 0.45)
        first, last = person_name(fake)
        accessible = None if form is GroupFormat.DIGITAL else sizes.chance(rng, 0.65)
        city = postal.town or ""
        relatives = audience is Audience.RELATIVES
        name = group_name(rng, form, relatives, topics.names[topic], f" {city}", taken)
        text = description(rng, form, audience, status, open_new, topics.names[topic], languages)
        withheld = sizes.chance(rng, 0.4 if via else 0.1)
        town = where.town_of(postal)
        centre = (town.latitude, town.longitude) if town else None
        point = public_point(centre, (postal.latitude, postal.longitude), withheld)
        out.append(
            LocalGroup(
                number=number,
                name=name,
                description=text,
                status=status,
                format=form,
                reach=reach,
                audience=audience,
                contact_point_key=office.id,
                contact_mode=ContactMode.VIA_CONTACT_POINT if via else ContactMode.DIRECT,
                postal_code=postal.code,
                city=city,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                address_withheld=withheld,
                meeting_rule=rhythm.rule,
                meeting_time=rhythm.time,
                meeting_note=rhythm.note,
                languages=languages,
                wheelchair_accessible=accessible,
                accessibility_note=None,
                open_for_new_members=open_new,
                published=sizes.chance(rng, 0.96),
                topic_slugs=tuple(topics.slugs[t] for t in related),
                contact={
                    "name": f"{first} {last}",
                    "phone": phone(fake) if sizes.chance(rng, 0.7) else None,
                    "email": personal_email(rng, first, last),
                    "meeting_link": None
                    if form is GroupFormat.IN_PERSON
                    else f"https://meet.example.org/{slug(name, 24)}-{rng.getrandbits(32):08x}",
                },
                **_provenance(rng, today),
            )
        )
    return out


def _provenance(rng: random.Random, today: date) -> dict[str, Any]:
    made = provenance(rng, today)
    return {"updated_at": made["updated_at"], "verified_at": made["verified_at"]}


def _postal_codes(where: Any, office: Office, land: str) -> list[Any]:
    """Real postal codes of named towns near the office, in the same Land."""
    near = where.nearest_postal_codes(office.latitude, office.longitude, k=40)
    found = [p for p in near if p.land == land and p.town]
    return found or [where.nearest_postal_code(office.latitude, office.longitude, land=land)]
