"""Data-subject requests NRW's service takes from the graph (both need the service key).

POST /api/v1/personen/auskunft {"email", "telefon", "name"} (at least one) -> 200
    {"eintraege": [{"art": "kontakt"|"korrektur", "nr", "kennung", "werte": {..},
    "treffer": ["email", ..]}]}: every record about the person (contact persons of groups,
    corrections naming them), matched as regions.standins.nrw.persons defines it.
POST /api/v1/personen/loeschung {"zustellschluessel", "email", "telefon", "name"} -> 201
    {"geloescht": {"kontakte": n, "korrekturen": m}}: those records deleted, and a receipt
    (the key and the counts, nothing about the person) kept; the same key again -> 200 with
    the first receipt, nothing deleted twice.
Identifiers travel in the body, never in the URL (which ends up in access logs).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.standins.nrw.persons import BadIdentifier, SubjectMatch
from regions.standins.nrw.tables import kontakte, korrekturen, loeschungen


class Malformed(ValueError):
    """The body is not a request about a person."""


def read_match(body: Any) -> SubjectMatch:
    if not isinstance(body, dict):
        raise Malformed("ein JSON-Objekt erwartet")
    values = {}
    for name in ("email", "telefon", "name"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise Malformed(f"{name}: Text erwartet")
        values[name] = value
    try:
        return SubjectMatch.parse(values["email"], values["telefon"], values["name"])
    except BadIdentifier as exc:
        raise Malformed(str(exc)) from None


def read_key(body: Any) -> str:
    key = body.get("zustellschluessel") if isinstance(body, dict) else None
    if not isinstance(key, str) or not 1 <= len(key) <= 80:
        raise Malformed("zustellschluessel: Text mit 1 bis 80 Zeichen erwartet")
    return key


async def _entries(conn: AsyncConnection, match: SubjectMatch) -> list[dict[str, Any]]:
    k, r = kontakte.c, korrekturen.c
    stmt = select(k.kennung, k.name, k.telefon, k.email, k.online_link).where(
        match.prefilter(email=k.email, phone=k.telefon, name=k.name)
    )
    found: list[dict[str, Any]] = []
    for kennung, name, telefon, email, link in (await conn.execute(stmt)).all():
        hits = match.matched_on(email=email, phone=telefon, name=name)
        if hits:
            values = {"name": name, "telefon": telefon, "email": email, "online_link": link}
            found.append(
                {
                    "art": "kontakt",
                    "nr": kennung,
                    "kennung": kennung,
                    "werte": values,
                    "treffer": hits,
                }
            )
    stmt2 = select(r.nr, r.kennung, r.feld, r.vorschlag, r.hinweis, r.gemeldet).where(
        match.text_prefilter(r.vorschlag, r.hinweis)
    )
    for nr, kennung, feld, vorschlag, hinweis, gemeldet in (await conn.execute(stmt2)).all():
        hits = match.mentioned_in(vorschlag, hinweis)
        if hits:
            values = {
                "feld": feld,
                "vorschlag": vorschlag,
                "hinweis": hinweis,
                "gemeldet": gemeldet.isoformat() if gemeldet else None,
            }
            found.append(
                {
                    "art": "korrektur",
                    "nr": str(nr),
                    "kennung": kennung,
                    "werte": values,
                    "treffer": hits,
                }
            )
    return found


async def records(engine: AsyncEngine, match: SubjectMatch) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        return await _entries(conn, match)


async def erase(engine: AsyncEngine, key: str, match: SubjectMatch) -> tuple[int, dict[str, int]]:
    """(201, counts) erased now; (200, the first counts) for a key erased before."""
    receipt = select(loeschungen.c.kontakte, loeschungen.c.korrekturen).where(
        loeschungen.c.zustellschluessel == key
    )
    try:
        async with engine.begin() as conn:
            first = (await conn.execute(receipt)).first()
            if first is not None:
                return 200, {"kontakte": first[0], "korrekturen": first[1]}
            found = await _entries(conn, match)
            contacts = [e["kennung"] for e in found if e["art"] == "kontakt"]
            wrong = [int(e["nr"]) for e in found if e["art"] == "korrektur"]
            if contacts:
                await conn.execute(delete(kontakte).where(kontakte.c.kennung.in_(contacts)))
            if wrong:
                await conn.execute(delete(korrekturen).where(korrekturen.c.nr.in_(wrong)))
            counts = {"kontakte": len(contacts), "korrekturen": len(wrong)}
            row = {"zustellschluessel": key, "eingegangen": datetime.now(UTC), **counts}
            await conn.execute(insert(loeschungen).values(row))
    except IntegrityError:  # the same key at once: the other one erased and kept the receipt
        async with engine.connect() as conn:
            first = (await conn.execute(receipt)).first()
        if first is None:
            raise
        return 200, {"kontakte": first[0], "korrekturen": first[1]}
    return 201, counts
