"""The NRW service's reads: filtered search, batch look-ups, and each group as NRW's JSON."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.standins.nrw import paging
from regions.standins.nrw.search import Ab, Suche, after, conditions, distance, rank
from regions.standins.nrw.tables import gruppen, kontakte, themen

g = gruppen.c
ART = ("vor_ort", "online", "hybrid")


def published() -> Select[Any]:
    return select(gruppen).where(g.veroeffentlicht.is_(True))


def filtered(f: Suche) -> Select[Any]:
    """The published groups that match a search (regions.standins.nrw.search)."""
    return published().where(*conditions(f))


async def _topics(conn: AsyncConnection, keys: Sequence[str]) -> dict[str, list[str]]:
    tagged: dict[str, list[str]] = defaultdict(list)
    if keys:
        found = await conn.execute(
            select(themen).where(themen.c.kennung.in_(keys)).order_by(themen.c.slug)
        )
        for kennung, slug in found:
            tagged[kennung].append(slug)
    return tagged


async def _as_json(engine: AsyncEngine, stmt: Select[Any]) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
        tagged = await _topics(conn, [row.kennung for row in rows])
    return [encode(row, tagged[row.kennung]) for row in rows]


async def search(
    engine: AsyncEngine, f: Suche, first: int, after: str | None, backward: bool = False
) -> Any:
    """`first` groups after `after` in kennung order (`backward`: the last `first` before it,
    still in kennung order); `weitere`: more follow in that direction; `dahinter`: groups lie
    on the other side of the key. One statement (and one for the page's topics)."""
    stmt = paging.by_key(filtered(f), g.kennung, first, after or None, backward)
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
        found = paging.split(rows, first, backward, ranked=False)
        tagged = await _topics(conn, [row.kennung for row in found.rows])
    groups = [encode(row, tagged[row.kennung]) for row in found.rows]
    return {"gruppen": groups, "weitere": found.more, "dahinter": found.beyond}


async def count(engine: AsyncEngine, f: Suche) -> int:
    stmt = select(func.count()).select_from(filtered(f).subquery())
    async with engine.connect() as conn:
        return int((await conn.execute(stmt)).scalar_one())


async def find(
    engine: AsyncEngine,
    f: Suche,
    order: str,
    first: int,
    seek: Ab | None,
    backward: bool = False,
) -> Any:
    """The matches in (rank, kennung) order after (`backward`: before) `seek`, each with its
    rank and the distance it may show (a confidential place's rounded up to 5 km; its
    coordinates stay unpublished); `dahinter`: matches lie on the seek's other side. One
    statement."""
    ranked = rank(f, order)
    stmt = filtered(f).add_columns(ranked.label("rank"), distance(f).label("entfernung_km"))
    wanted = after(ranked, seek, backward)
    both = paging.by_rank(stmt, ranked, g.kennung, first, wanted, seek is not None, backward)
    async with engine.connect() as conn:
        found = paging.split((await conn.execute(both)).all(), first, backward, ranked=True)
        slugs = await _topics(conn, [row.kennung for row in found.rows])
    hits = [
        {
            "gruppe": encode(row, slugs[row.kennung]),
            "rang": float(row.rank),
            "entfernung_km": None if row.entfernung_km is None else float(row.entfernung_km),
        }
        for row in found.rows
    ]
    return {"treffer": hits, "weitere": found.more, "dahinter": found.beyond}


async def facets(engine: AsyncEngine, f: Suche) -> Any:
    """How many published groups match, per format (NRW's words) and per topic slug."""
    per_art = (
        select(gruppen.c.art, func.count())
        .where(g.veroeffentlicht.is_(True), *conditions(f))
        .group_by(gruppen.c.art)
    )
    matching = select(g.kennung).where(g.veroeffentlicht.is_(True), *conditions(f))
    per_topic = (
        select(themen.c.slug, func.count())
        .where(themen.c.kennung.in_(matching))
        .group_by(themen.c.slug)
    )
    async with engine.connect() as conn:
        arts = dict.fromkeys(ART, 0)
        for art, n in (await conn.execute(per_art)).all():
            arts[art] = int(n)
        topics = {slug: int(n) for slug, n in (await conn.execute(per_topic)).all()}
    return {"anzahl": sum(arts.values()), "arten": arts, "themen": topics}


async def by_keys(engine: AsyncEngine, keys: Sequence[str]) -> list[dict[str, Any]]:
    return await _as_json(engine, published().where(g.kennung.in_(keys)).order_by(g.kennung))


async def by_contact_points(
    engine: AsyncEngine, ids: Sequence[int], per: int, f: Suche | None = None
) -> dict[str, list[dict[str, Any]]]:
    rank = func.row_number().over(partition_by=g.kontaktstelle_id, order_by=g.kennung)
    matching = filtered(f or Suche())
    inner = matching.add_columns(rank.label("_rang")).where(g.kontaktstelle_id.in_(ids))
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
