"""Fill an empty Bavarian-layout database with demo groups, in the region's own words."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.demo.catalog.topics import TOPICS
from regions.standins.bavaria.tables import (
    EINZUGSGEBIET,
    STATUS,
    TREFFART,
    ZIELGRUPPE,
    ansprechpartner,
    gruppe_stichwort,
    gruppen,
    stichwort_thema,
)
from regions.standins.local_demo import LocalGroup, local_groups

BATCH = 1000


def keywords() -> dict[str, str]:
    """The region's own keyword per national topic slug: a synonym where the catalog has one
    (Bavaria says "Zuckerkrankheit", the nation "Diabetes"), else the national name."""
    own: dict[str, str] = {}
    used: set[str] = set()
    for spec in TOPICS:
        word = next((s for s in spec.synonyms if s.casefold() not in used), spec.name)
        used.add(word.casefold())
        own[spec.slug] = word
    return own


def rows(groups: list[LocalGroup], own: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    status, treffart, gebiet, ziel = STATUS, TREFFART, EINZUGSGEBIET, ZIELGRUPPE
    out: dict[str, list[dict[str, Any]]] = {"gruppen": [], "stichworte": [], "kontakte": []}
    for g in groups:
        out["gruppen"].append(
            {
                "gruppen_id": 40000 + g.number,  # Bavaria numbers its groups from 40001
                "bezeichnung": g.name,
                "beschreibung": g.description,
                "status": status[g.status],
                "treffart": treffart[g.format],
                "einzugsgebiet": gebiet[g.reach],
                "zielgruppe": ziel[g.audience],
                "kontaktstelle_nr": g.contact_point_key,
                "nur_ueber_kontaktstelle": g.contact_mode == "VIA_CONTACT_POINT",
                "plz": g.postal_code,
                "ort": g.city,
                "breitengrad": g.latitude,
                "laengengrad": g.longitude,
                "adresse_vertraulich": g.address_withheld,
                "turnus_rrule": g.meeting_rule,
                "uhrzeit": g.meeting_time,
                "turnus_text": g.meeting_note,
                "sprachen": g.languages,
                "rollstuhlgerecht": g.wheelchair_accessible,
                "barrierefreiheit": g.accessibility_note,
                "neue_mitglieder": g.open_for_new_members,
                "freigegeben": g.published,
                "geaendert_am": g.updated_at,
                "geprueft_am": g.verified_at,
            }
        )
        out["stichworte"] += [
            {"gruppen_id": 40000 + g.number, "stichwort": own[slug]} for slug in g.topic_slugs
        ]
        contact = g.contact
        out["kontakte"].append(
            {
                "gruppen_id": 40000 + g.number,
                "name": contact["name"],
                "telefon": contact["phone"],
                "email": contact["email"],
                "online_raum": contact["meeting_link"],
            }
        )
    return out


async def fill(engine: AsyncEngine, code: str, total: int, seed: int, scale: float) -> int:
    """`total` groups around the Land's contact points, with keywords and contact persons."""
    own = keywords()
    made = await asyncio.to_thread(local_groups, code, total, seed, scale, date.today())
    data = rows(made, own)
    mapping = [{"stichwort": word, "thema_slug": slug} for slug, word in own.items()]
    async with engine.begin() as conn:
        await conn.execute(stichwort_thema.insert(), mapping)
        for table, batch in (
            (gruppen, data["gruppen"]),
            (gruppe_stichwort, data["stichworte"]),
            (ansprechpartner, data["kontakte"]),
        ):
            for start in range(0, len(batch), BATCH):
                await conn.execute(table.insert(), batch[start : start + BATCH])
    return len(made)
