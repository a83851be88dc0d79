"""Demo local groups around one Land's national contact points, for the regions' stand-ins.

The same generator conventions as the national data (its places, people, meetings, names and
topics are imported from the registry's demo catalog, not copied); each region writes the
result in its own words. Nothing here comes from the graph's sources (their search or
vocabulary): the values are plain strings of this generator's own, named below.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from regions.registry.demo import group_texts, sizes
from regions.registry.demo.contact_points import Office, build_contact_points
from regions.registry.demo.group_texts import description, group_name
from regions.registry.demo.meetings import meeting
from regions.registry.demo.people import faker, person_name, personal_email, phone, slug
from regions.registry.demo.places import places
from regions.registry.demo.provenance import provenance
from regions.registry.demo.topics import build_topics

# The generator's values (each region translates them into its own words). They are the
# registry demo generator's names, so sizes.pick and group_texts take them as they are.
IN_PERSON, HYBRID, DIGITAL = "IN_PERSON", "HYBRID", "DIGITAL"
LOCAL, STATE = "LOCAL", "STATE"
ACTIVE, FOUNDING, PAUSED = "ACTIVE", "FOUNDING", "PAUSED"
AFFECTED, BOTH, RELATIVES = "AFFECTED", "BOTH", "RELATIVES"
DIRECT, VIA_CONTACT_POINT = "DIRECT", "VIA_CONTACT_POINT"

# The catalog's text templates are keyed by its own values: found there by name.
_TEXT_KEYS = {key.value: key for key in (*group_texts.HOW, *group_texts.FIRST, *group_texts.STATUS)}


def _text_key(value: str) -> object:
    return _TEXT_KEYS.get(value, value)


def public_point(
    town: tuple[float, float] | None, postal_code: tuple[float, float] | None, withheld: bool
) -> tuple[float, float] | None:
    """What a region's store holds for a meeting place: a withheld one as its town's centre
    and never anything finer (None without a town), a published one as its postal code's
    centroid (or the town's)."""
    if withheld:
        return town
    return postal_code or town


FORMATS = ((IN_PERSON, 70), (HYBRID, 22), (DIGITAL, 8))
REACH = ((LOCAL, 94), (STATE, 6))
STATUS = ((ACTIVE, 88), (FOUNDING, 6), (PAUSED, 6))
AUDIENCE = ((AFFECTED, 55), (BOTH, 30), (RELATIVES, 15))
LANGUAGES = (("de", 90), ("de tr", 4), ("de ru", 3), ("de en", 3))


@dataclass(frozen=True, slots=True)
class LocalGroup:
    """One demo group in the generator's values; regions translate it into their own words."""

    number: int
    name: str
    description: str
    status: str  # ACTIVE, FOUNDING, PAUSED
    format: str  # IN_PERSON, HYBRID, DIGITAL
    reach: str  # LOCAL, STATE
    audience: str  # AFFECTED, BOTH, RELATIVES
    contact_point_key: int
    contact_mode: str  # DIRECT, VIA_CONTACT_POINT
    postal_code: str
    city: str
    latitude: float | None  # a withheld place: its town's centre (public_point)
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
        open_new = status == FOUNDING or sizes.chance(rng, 0.8)
        rhythm = meeting(rng)
        via = sizes.chance(rng, 0.45)
        first, last = person_name(fake)
        accessible = None if form == DIGITAL else sizes.chance(rng, 0.65)
        city = postal.town or ""
        relatives = audience == RELATIVES
        topic_name = topics.names[topic]
        name = group_name(rng, _text_key(form), relatives, topic_name, f" {city}", taken)  # type: ignore[arg-type]
        text = description(
            rng,
            _text_key(form),  # type: ignore[arg-type]
            _text_key(audience),  # type: ignore[arg-type]
            _text_key(status),  # type: ignore[arg-type]
            open_new,
            topic_name,
            languages,
        )
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
                contact_mode=VIA_CONTACT_POINT if via else DIRECT,
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
                    if form == IN_PERSON
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
