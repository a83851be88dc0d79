"""Fill the NRW service's empty database with demo groups around NRW's contact points."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.standins.local_demo import LocalGroup, local_groups
from regions.standins.nrw import index
from regions.standins.nrw.tables import gruppen, kontakte, metadata, themen

BATCH = 1000
# NRW's words for the demo generator's values
ZUSTAND = {"ACTIVE": "aktiv", "FOUNDING": "gruendung", "PAUSED": "pause"}
ART = {"IN_PERSON": "vor_ort", "DIGITAL": "online", "HYBRID": "hybrid"}
WIRKUNGSKREIS = {"LOCAL": "lokal", "STATE": "landesweit"}
FUER = {"AFFECTED": "betroffene", "RELATIVES": "angehoerige", "BOTH": "beide"}
ERREICHBAR = {"DIRECT": "direkt", "VIA_CONTACT_POINT": "ueber_kontaktstelle"}


def key(number: int) -> str:
    return f"NW-{number:06d}"


def _row(g: LocalGroup) -> dict[str, Any]:
    return {
        "kennung": key(g.number),
        "titel": g.name,
        "beschreibung": g.description,
        "zustand": ZUSTAND[g.status],
        "art": ART[g.format],
        "wirkungskreis": WIRKUNGSKREIS[g.reach],
        "fuer": FUER[g.audience],
        "kontaktstelle_id": g.contact_point_key,
        "erreichbar": ERREICHBAR[g.contact_mode],
        "plz": g.postal_code,
        "ort": g.city,
        "lat": g.latitude,
        "lon": g.longitude,
        "ort_vertraulich": g.address_withheld,
        "regel": g.meeting_rule,
        "uhrzeit": g.meeting_time.strftime("%H:%M") if g.meeting_time else None,
        "hinweis": g.meeting_note,
        "sprachen": g.languages,
        "rollstuhl": g.wheelchair_accessible,
        "barriere_hinweis": g.accessibility_note,
        "offen": g.open_for_new_members,
        "veroeffentlicht": g.published,
        "stand": g.updated_at,
        "geprueft": g.verified_at,
    }


async def reindex(engine: AsyncEngine) -> int:
    """Fill the full-text index anew from the published groups (title; description and town)."""
    g = gruppen.c
    stmt = select(g.kennung, g.titel, g.beschreibung, g.ort).where(g.veroeffentlicht.is_(True))
    async with engine.begin() as conn:
        rows = (await conn.execute(stmt)).all()
        return await index.write(conn, [tuple(row) for row in rows])


async def prepare(engine: AsyncEngine, total: int, seed: int, scale: float) -> int:
    """Create the tables and the full-text index; fill them with `total` groups if empty.
    Returns the groups added."""
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        created = await index.ensure(conn)
        filled = (await conn.execute(select(func.count()).select_from(gruppen))).scalar_one()
    if filled:
        if created:
            await reindex(engine)
        return 0
    made = await asyncio.to_thread(local_groups, "DE-NW", total, seed, scale, date.today())
    tables = {
        gruppen: [_row(g) for g in made],
        themen: [{"kennung": key(g.number), "slug": s} for g in made for s in g.topic_slugs],
        kontakte: [
            {
                "kennung": key(g.number),
                "name": g.contact["name"],
                "telefon": g.contact["phone"],
                "email": g.contact["email"],
                "online_link": g.contact["meeting_link"],
            }
            for g in made
        ],
    }
    async with engine.begin() as conn:
        for table, rows in tables.items():
            for start in range(0, len(rows), BATCH):
                await conn.execute(table.insert(), rows[start : start + BATCH])
    await reindex(engine)
    return len(made)
