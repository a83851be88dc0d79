"""One object's full-text document rewritten in the caller's transaction, so a change made
through the API is found by search at once (`shg reindex` is for bulk changes)."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import ContactPoint, Group, Organisation, ServedDistrict
from regions.sources.search import fulltext

INDEXES = {
    "Group": "search_groups",
    "ContactPoint": "search_contact_points",
    "Organisation": "search_organisations",
}


async def refresh(conn: AsyncConnection, type_name: str, key: int) -> None:
    index = INDEXES.get(type_name)
    if index is None:
        return
    await conn.execute(text(f"DELETE FROM {index} WHERE key = :key"), {"key": key})
    tables = {"Group": Group, "Organisation": Organisation, "ContactPoint": ContactPoint}
    model = tables[type_name]
    found = (await conn.execute(select(model.__table__).where(model.id == key))).first()
    if type_name == "Group":
        g = found
        docs = [] if g is None else [fulltext.group_document(key, g.name, g.description, g.city)]
    elif type_name == "Organisation":
        o = found
        docs = [] if o is None else [(key, o.name, f"{o.description} {o.city or ''}")]
    else:
        c = found
        stmt = select(ServedDistrict.district).where(ServedDistrict.contact_point_id == key)
        districts = list((await conn.execute(stmt)).scalars())
        body = " ".join([c.carrier or "", c.city, *districts]) if c is not None else ""
        docs = [] if c is None else [(key, c.name, body)]
    if docs:
        await fulltext.write(conn, index, docs, replace=False)
