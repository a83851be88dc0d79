"""Fill an empty national registry with a deterministic demo data set."""

from __future__ import annotations

import asyncio
import random
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry import sequences
from regions.registry.demo import sizes
from regions.registry.demo.contact_points import build_contact_points
from regions.registry.demo.digital import OrganisationIndex
from regions.registry.demo.groups import build_groups
from regions.registry.demo.organisations import build_organisations
from regions.registry.demo.people import faker
from regions.registry.demo.places import places
from regions.registry.demo.rare_searches import (
    build_conditions,
    build_searches,
    covered_conditions,
)
from regions.registry.demo.regions import build_regions
from regions.registry.demo.topics import build_topics
from regions.registry.models import Base

Rows = dict[str, list[dict[str, Any]]]
BATCH = 1000
# Parents before children, so every foreign key points at a row already inserted.
ORDER = (
    "regions",
    "coordination_office_hours",
    "topics",
    "topic_synonyms",
    "contact_points",
    "contact_point_office_hours",
    "contact_point_districts",
    "contact_point_staff",
    "organisations",
    "organisation_topics",
    "organisation_contacts",
    "rare_conditions",
    "rare_condition_searches",
    "rare_condition_persons",
    "consents",
    "groups",
    "group_topics",
    "group_contacts",
)


def generate(scale: float, seed: int, today: date) -> Rows:
    """Every table's rows, from one random stream (and one Faker) per kind of entity."""

    def rng(kind: str) -> random.Random:
        return random.Random(f"{seed}:{kind}")

    where = places()
    rows: Rows = {}
    rows |= build_regions()
    topic_rows, topics = build_topics()
    rows |= topic_rows
    contact_rows, offices = build_contact_points(
        rng("contact_points"),
        faker(seed + 1),
        where,
        today,
        sizes.scaled(sizes.CONTACT_POINTS, scale),
    )
    rows |= contact_rows
    rows |= build_organisations(
        rng("organisations"),
        faker(seed + 2),
        where,
        topics,
        today,
        sizes.scaled(sizes.ORGANISATIONS, scale),
    )
    rows |= build_conditions(topics)
    rows |= build_searches(
        rng("rare_searches"),
        faker(seed + 3),
        where,
        today,
        sizes.scaled(sizes.RARE_SEARCHES, scale),
        rows["rare_conditions"],
        covered_conditions(rows),
    )
    rows |= build_groups(
        rng("groups"),
        faker(seed + 4),
        where,
        topics,
        offices,
        today,
        sizes.scaled(sizes.GROUPS, scale),
        OrganisationIndex.of(rows),
    )
    return rows


async def build(
    engine: AsyncEngine, *, scale: float = 1.0, seed: int = 20261123, today: date | None = None
) -> dict[str, int]:
    """Fill the (empty, migrated) schema in one transaction; return the rows per table.

    The same seed, scale and `today` give the same data, row for row.
    """
    rows = await asyncio.to_thread(generate, scale, seed, today or date.today())
    async with engine.begin() as conn:
        for name in ORDER:
            table = Base.metadata.tables[name]
            batch = rows[name]
            for start in range(0, len(batch), BATCH):
                await conn.execute(table.insert(), batch[start : start + BATCH])
        await sequences.catch_up(conn)  # the rows came with their ids: the API's come next
    return {name: len(rows[name]) for name in ORDER}
