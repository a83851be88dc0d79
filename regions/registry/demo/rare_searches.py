"""Rare conditions from the catalog and people looking for peers with them ("blue" addresses)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from faker import Faker

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.demo.catalog.rare_conditions import RARE_CONDITIONS, SEEKING
from regions.registry.demo.people import person_name, personal_email, phone, street
from regions.registry.demo.places import Places
from regions.registry.demo.provenance import provenance
from regions.registry.demo.sizes import chance, pick
from regions.registry.demo.topics import TopicIndex
from regions.registry.models import SeekerRole

Rows = dict[str, list[dict[str, Any]]]
DAYS_BACK = 3 * 365
# Wishes only a relative would have (parents, families, other relatives).
RELATIVES_ONLY = ("Angehörig", "Eltern", "Familien")
# Entries last two years; newer ones are more common, so about a quarter have expired.
RECENCY = 1.4


def plus_years(day: date, years: int) -> date:
    """The same calendar day some years later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def build_conditions(topics: TopicIndex) -> Rows:
    rows = []
    for number, spec in enumerate(RARE_CONDITIONS, start=1):
        rows.append(
            {
                "id": number,
                "name": spec.name,
                "orpha_code": spec.orpha_code,
                "synonyms": "|".join(spec.synonyms),
                "topic_id": topics.ids.get(spec.topic) if spec.topic else None,
            }
        )
    return {"rare_conditions": rows}


def build_searches(
    rng: random.Random, fake: Faker, places: Places, today: date, total: int
) -> Rows:
    """Searches with a seeker, a Land, a start within three years and a two-year expiry."""
    lands = tuple((land.code, land.population) for land in LAENDER)
    for_affected = [text for text in SEEKING if not any(w in text for w in RELATIVES_ONLY)]
    rows: Rows = {"rare_condition_searches": [], "rare_condition_persons": []}
    for number in range(1, total + 1):
        condition = rng.randrange(len(RARE_CONDITIONS))
        role = pick(rng, ((SeekerRole.AFFECTED, 55), (SeekerRole.RELATIVE, 45)))
        seeking = rng.choice(SEEKING if role is SeekerRole.RELATIVE else for_affected)
        if "{condition}" in seeking:
            seeking = seeking.format(condition=RARE_CONDITIONS[condition].name)
        since = today - timedelta(days=int(DAYS_BACK * rng.random() ** RECENCY))
        land = pick(rng, lands)
        rows["rare_condition_searches"].append(
            {
                "id": number,
                "condition_id": condition + 1,
                "seeking": seeking,
                "seeker_role": role,
                "region_code": None if chance(rng, 0.06) else land,
                "since": since,
                "expires_on": plus_years(since, 2),
                "consent_to_partners": chance(rng, 0.3),
                **provenance(rng, today, since=since),
            }
        )
        first, last = person_name(fake)
        town = places.pick_town(rng, land)
        with_address = chance(rng, 0.85)
        rows["rare_condition_persons"].append(
            {
                "search_id": number,
                "name": f"{first} {last}",
                "email": personal_email(rng, first, last),
                "phone": phone(fake) if chance(rng, 0.8) else None,
                "street": street(fake) if with_address else None,
                "postal_code": rng.choice(town.postal_codes).code if with_address else None,
                "city": town.name if with_address else None,
            }
        )
    return rows
