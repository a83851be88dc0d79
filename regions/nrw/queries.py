"""The NRW service's reads: filtered search, batch look-ups, and each group as NRW's JSON."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.national.store.text import contains

from .tables import gruppen, kontakte, themen

g = gruppen.c


def published() -> Select[Any]:
    return select(gruppen).where(g.veroeffentlicht.is_(True))


def filtered(params: Any) -> Select[Any]:
    """Filters from the query string: thema (repeatable), text, art, wirkungskreis, offen."""
    stmt = published()
    if slugs := params.getlist("thema"):
        tagged = select(themen.c.kennung).where(themen.c.slug.in_(slugs))
        stmt = stmt.where(g.kennung.in_(tagged))
    if text := params.get("text"):
        stmt = stmt.where(contains(g.titel, text))
    for name in ("art", "wirkungskreis"):
        if value := params.get(name):
            stmt = stmt.where(gruppen.c[name] == value)
    if (offen := params.get("offen")) is not None:
        stmt = stmt.where(g.offen.is_(offen == "true"))
    return stmt


async def _as_json(engine: AsyncEngine, stmt: Select[Any]) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
        keys = [row.kennung for row in rows]
        tagged: dict[str, list[str]] = defaultdict(list)
        if keys:
            found = await conn.execute(
                select(themen).where(themen.c.kennung.in_(keys)).order_by(themen.c.slug)
            )
            for kennung, slug in found:
                tagged[kennung].append(slug)
    return [encode(row, tagged[row.kennung]) for row in rows]


async def search(engine: AsyncEngine, params: Any, first: int, after: str | None) -> Any:
    stmt = filtered(params)
    if after:
        stmt = stmt.where(g.kennung > after)
    found = await _as_json(engine, stmt.order_by(g.kennung).limit(first + 1))
    return {"gruppen": found[:first], "weitere": len(found) > first}


async def count(engine: AsyncEngine, params: Any) -> int:
    stmt = select(func.count()).select_from(filtered(params).subquery())
    async with engine.connect() as conn:
        return int((await conn.execute(stmt)).scalar_one())


async def by_keys(engine: AsyncEngine, keys: Sequence[str]) -> list[dict[str, Any]]:
    return await _as_json(engine, published().where(g.kennung.in_(keys)).order_by(g.kennung))


async def by_contact_points(
    engine: AsyncEngine, ids: Sequence[int], per: int
) -> dict[str, list[dict[str, Any]]]:
    rank = func.row_number().over(partition_by=g.kontaktstelle_id, order_by=g.kennung)
    inner = published().add_columns(rank.label("_rang")).where(g.kontaktstelle_id.in_(ids))
    sub = inner.subquery()
    stmt = select(sub).where(sub.c._rang <= per).order_by(sub.c.kontaktstelle_id, sub.c.kennung)
    out: dict[str, list[dict[str, Any]]] = {str(i): [] for i in ids}
    for group in await _as_json(engine, stmt):
        out[str(group["kontaktstelle_id"])].append(group)
    return out


async def contacts(engine: AsyncEngine, keys: Sequence[str]) -> dict[str, Any]:
    visible = select(g.kennung).where(g.veroeffentlicht.is_(True), g.kennung.in_(keys))
    stmt = select(kontakte).where(kontakte.c.kennung.in_(visible))
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    return {
        row.kennung: {
            "name": row.name,
            "telefon": row.telefon,
            "email": row.email,
            "online_link": row.online_link,
        }
        for row in rows
    }


def encode(row: Row[Any], slugs: list[str]) -> dict[str, Any]:
    """One group in NRW's published JSON."""
    return {
        "kennung": row.kennung,
        "titel": row.titel,
        "beschreibung": row.beschreibung,
        "zustand": row.zustand,
        "wirkungskreis": row.wirkungskreis,
        "fuer": row.fuer,
        "kontaktstelle_id": row.kontaktstelle_id,
        "erreichbar": row.erreichbar,
        "treffen": {
            "art": row.art,
            "regel": row.regel,
            "uhrzeit": row.uhrzeit,
            "hinweis": row.hinweis,
        },
        "adresse": _address(row),
        "sprachen": row.sprachen.split(),
        "barrierefreiheit": {"rollstuhl": row.rollstuhl, "hinweis": row.barriere_hinweis},
        "offen": row.offen,
        "themen": slugs,
        "stand": row.stand.isoformat(),
        "geprueft": row.geprueft.isoformat() if row.geprueft else None,
    }


def _address(row: Row[Any]) -> dict[str, Any]:
    """A confidential meeting place is published as its town only."""
    hidden = row.ort_vertraulich
    return {
        "plz": None if hidden else row.plz,
        "ort": row.ort,
        "lat": None if hidden else row.lat,
        "lon": None if hidden else row.lon,
        "vertraulich": hidden,
    }
