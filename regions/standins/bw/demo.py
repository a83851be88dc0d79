"""Fill the BW service's empty database with demo groups in Baden-Württemberg.

The groups come from the shared demo generator (regions.standins.local_demo: real BW towns and
postal codes of the registry's demo catalog); BW writes them in its own words: its keyword for
a topic is the catalog's German name of it ("Diabetes", "Depression"), never the slug.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.demo.catalog.topics import TOPICS
from regions.standins.bw.tables import gruppen, kontakte, metadata, stichworte
from regions.standins.local_demo import LocalGroup, local_groups

LAND = "DE-BW"
FIRST_NUMBER = 70000  # BW numbers its groups from 70001
BATCH = 500
KEYWORDS = {spec.slug: spec.name for spec in TOPICS}  # the demo generator's topic -> BW's word


def fold(text: str) -> str:
    """BW's case-insensitive form of a word (Unicode casefold: "Ä" and "ä", "ß" and "ss")."""
    return text.casefold()


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rows(made: list[LocalGroup]) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = {gruppen: [], stichworte: [], kontakte: []}
    for g in made:
        nr = FIRST_NUMBER + g.number
        out[gruppen].append(
            {
                "nr": nr,
                "name": g.name,
                "name_klein": fold(g.name),
                "beschreibung": g.description or None,
                "plz": g.postal_code,
                "ort": g.city,
                "breite": g.latitude,  # a withheld place: its town's centre (local_demo)
                "laenge": g.longitude,
                "online": g.format != "IN_PERSON",
                "nimmt_auf": g.open_for_new_members,
                "aktiv": g.status == "ACTIVE",
                "kontaktstelle": str(g.contact_point_key),
                "freigegeben": g.published,
                "geaendert": stamp(g.updated_at),
            }
        )
        words = dict.fromkeys(KEYWORDS[slug] for slug in g.topic_slugs)
        out[stichworte] += [
            {"nr": nr, "stichwort": word, "stichwort_klein": fold(word)} for word in words
        ]
        out[kontakte].append(
            {
                "nr": nr,
                "name": g.contact["name"],
                "email": g.contact["email"],
                "telefon": g.contact["phone"],
            }
        )
    return out


async def prepare(engine: AsyncEngine, total: int, seed: int, scale: float) -> int:
    """Create the tables; fill them with `total` groups if empty. Returns the groups added."""
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        if (await conn.execute(select(func.count()).select_from(gruppen))).scalar_one():
            return 0
    made = local_groups(LAND, total, seed, scale, date.today())
    async with engine.begin() as conn:
        for table, batch in rows(made).items():
            for start in range(0, len(batch), BATCH):
                await conn.execute(table.insert(), batch[start : start + BATCH])
    return len(made)
