"""Build what search reads: postal-code centroids, topic vocabulary stems, full-text indexes.

Run after the registry's data changes in bulk (`shg reindex`; the demo build runs it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import (
    ContactPoint,
    Group,
    Organisation,
    PostalCode,
    RareCondition,
    RareConditionSearch,
    ServedDistrict,
    Topic,
    TopicSynonym,
    TopicTermStem,
)
from regions.sources.search import fulltext
from regions.sources.search.analysis import stems

BATCH = 2000


def postal_code_rows() -> list[dict[str, Any]]:
    """The rows of the postal-code table, from the GeoNames-based place data (German postal
    codes with their centroids; the Land and town are those of the nearest sizeable place)."""
    from .demo.places import places  # the place data loads only when needed

    return [
        {
            "code": p.code,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "region_code": p.land,
            "town": p.town,
        }
        for p in places().postal_codes.values()
    ]


async def load_postal_codes(engine: AsyncEngine) -> int:
    """Fill an empty postal-code table (`postal_code_rows`)."""
    table = PostalCode.__table__
    async with engine.begin() as conn:
        if (await conn.execute(select(func.count()).select_from(table))).scalar_one():
            return 0
        rows = postal_code_rows()
        for start in range(0, len(rows), BATCH):
            await conn.execute(table.insert(), rows[start : start + BATCH])
    return len(rows)


def _term_rows(topic_terms: Iterable[tuple[int, list[str]]]) -> list[dict[str, Any]]:
    rows = []
    for topic_id, terms in topic_terms:
        for term_no, term in enumerate(terms):
            distinct = sorted(set(stems(term)))
            rows += [
                {
                    "topic_id": topic_id,
                    "term_no": term_no,
                    "stem": s,
                    "stems_in_term": len(distinct),
                }
                for s in distinct
            ]
    return rows


async def _vocabulary(conn: AsyncConnection) -> int:
    table = TopicTermStem.__table__
    await conn.execute(table.delete())
    terms: dict[int, list[str]] = {}
    for row in await conn.execute(select(Topic.id, Topic.name).order_by(Topic.id)):
        terms[row.id] = [row.name]
    synonyms = select(TopicSynonym.topic_id, TopicSynonym.synonym).order_by(
        TopicSynonym.topic_id, TopicSynonym.synonym
    )
    for row in await conn.execute(synonyms):
        terms[row.topic_id].append(row.synonym)
    rows = _term_rows(terms.items())
    for start in range(0, len(rows), BATCH):
        await conn.execute(table.insert(), rows[start : start + BATCH])
    return len(rows)


async def _documents(conn: AsyncConnection) -> dict[str, int]:
    districts: dict[int, list[str]] = {}
    for row in await conn.execute(select(ServedDistrict.contact_point_id, ServedDistrict.district)):
        districts.setdefault(row.contact_point_id, []).append(row.district)
    sources: dict[str, Any] = {
        "search_groups": (
            fulltext.group_document(*r)
            for r in await conn.execute(select(Group.id, Group.name, Group.description, Group.city))
        ),
        "search_organisations": (
            (r.id, r.name, f"{r.description} {r.city or ''}")
            for r in await conn.execute(
                select(
                    Organisation.id, Organisation.name, Organisation.description, Organisation.city
                )
            )
        ),
        "search_contact_points": (
            (r.id, r.name, " ".join([r.carrier or "", r.city, *districts.get(r.id, [])]))
            for r in await conn.execute(
                select(ContactPoint.id, ContactPoint.name, ContactPoint.carrier, ContactPoint.city)
            )
        ),
        "search_rare_condition_searches": (
            (r.id, r.name, f"{r.synonyms.replace('|', ' ')} {r.seeking}")
            for r in await conn.execute(
                select(
                    RareConditionSearch.id,
                    RareCondition.name,
                    RareCondition.synonyms,
                    RareConditionSearch.seeking,
                ).join(RareCondition, RareCondition.id == RareConditionSearch.condition_id)
            )
        ),
    }
    return {
        index: await fulltext.write(conn, index, list(docs), replace=True)
        for index, docs in sources.items()
    }


async def reindex(engine: AsyncEngine) -> dict[str, int]:
    """Rebuild the vocabulary stems and every full-text index in one transaction."""
    async with engine.begin() as conn:
        counts = {"topic_term_stems": await _vocabulary(conn)}
        counts |= await _documents(conn)
    return counts
