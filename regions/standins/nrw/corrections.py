"""POST /api/v1/gruppen/korrekturen: NRW's service takes a correction the graph forwards.

Body: {"zustellschluessel", "kennung", "feld", "vorschlag", "hinweis", "gemeldet", "referenz"}.
Answers 201 when stored, 200 when this delivery key is already stored with the same content (a
repeat after a lost answer: nothing stored twice), 409 when the key is stored with other
content, 404 for an unknown group, 400 for a malformed body. Needs the graph's service key.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.standins.nrw.tables import gruppen, korrekturen

KEY = re.compile(r"NW-[0-9]{6}")
LIMITS = {"zustellschluessel": 80, "feld": 40, "vorschlag": 4000, "hinweis": 4000, "referenz": 200}


class Malformed(ValueError):
    """The body is not a correction."""


def read(body: Any) -> dict[str, Any]:
    """The row a body asks to store (without the time it came in)."""
    if not isinstance(body, dict):
        raise Malformed("ein JSON-Objekt erwartet")
    row: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        value = body.get(name)
        if value is None and name == "hinweis":
            row[name] = None
            continue
        if not isinstance(value, str) or not value or len(value) > limit:
            raise Malformed(f"{name}: Text mit 1 bis {limit} Zeichen erwartet")
        row[name] = value
    kennung = body.get("kennung")
    if not isinstance(kennung, str) or KEY.fullmatch(kennung) is None:
        raise Malformed("kennung: NW-nnnnnn erwartet")
    row["kennung"] = kennung
    try:
        row["gemeldet"] = datetime.fromisoformat(str(body.get("gemeldet")))
    except ValueError:
        raise Malformed("gemeldet: Zeitpunkt (ISO 8601) erwartet") from None
    return row


async def store(engine: AsyncEngine, row: dict[str, Any]) -> int:
    """201 stored; 200 the same delivery stored before; 409 the key holds another one; 404."""
    k = korrekturen.c
    known = select(k.kennung, k.feld, k.vorschlag, k.hinweis).where(
        k.zustellschluessel == row["zustellschluessel"]
    )
    mine = (row["kennung"], row["feld"], row["vorschlag"], row["hinweis"])
    try:
        async with engine.begin() as conn:
            stored = (await conn.execute(known)).first()
            if stored is not None:
                return 200 if tuple(stored) == mine else 409
            exists = select(gruppen.c.kennung).where(gruppen.c.kennung == row["kennung"])
            if (await conn.execute(exists)).first() is None:
                return 404
            received = {**row, "eingegangen": datetime.now(UTC)}
            await conn.execute(insert(korrekturen).values(received))
    except IntegrityError:  # the same key delivered twice at once: the other one stored it
        async with engine.connect() as conn:
            stored = (await conn.execute(known)).first()
        return 200 if stored is not None and tuple(stored) == mine else 409
    return 201
