"""Online registrations of digital groups: the group row (review state SUBMITTED until it is
published), its topics and contact person, and what only a registration has.

Every write takes the mutation's connection (one transaction with its change-log entry)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Select, Table, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import (
    ContactPoint,
    Group,
    GroupContact,
    GroupRegistration,
    GroupTopic,
    Organisation,
    Topic,
)
from regions.sources.search import fulltext
from regions.sources.vocabulary import ReviewState

groups = Group.__table__
group_topics = GroupTopic.__table__
group_contacts = GroupContact.__table__
registrations = GroupRegistration.__table__
GROUP_INDEX = "search_groups"

KINDS: dict[str, Table] = {
    "topic": Topic.__table__,
    "organisation": Organisation.__table__,
    "contact_point": ContactPoint.__table__,
}


async def missing(conn: AsyncConnection, kind: str, ids: Iterable[int]) -> set[int]:
    """Which of these keys of a topic, organisation or contact point do not exist."""
    wanted = set(ids)
    if not wanted:
        return set()
    table = KINDS[kind]
    found = await conn.execute(select(table.c.id).where(table.c.id.in_(sorted(wanted))))
    return wanted - set(found.scalars())


async def insert_registration(
    conn: AsyncConnection,
    group: Mapping[str, Any],
    topic_ids: Sequence[int],
    contact: Mapping[str, Any],
    registration: Mapping[str, Any],
) -> int:
    """The group (as given: review state SUBMITTED), its topics, contact and registration."""
    result = await conn.execute(insert(groups).returning(groups.c.id), [dict(group)])
    key = int(result.scalar_one())
    await conn.execute(
        insert(group_topics), [{"group_id": key, "topic_id": t} for t in sorted(set(topic_ids))]
    )
    await conn.execute(insert(group_contacts), [{**contact, "group_id": key}])
    await conn.execute(insert(registrations), [{**registration, "group_id": key}])
    return key


def registration_query() -> Select[Any]:
    """Registrations with their group, in any review state. Where both tables have a column
    (the digital-group fields: tool, meeting_minutes, website) the registration's is read."""
    own = [column for column in groups.c if column.name not in registrations.c]
    return select(*own, registrations).join(registrations, registrations.c.group_id == groups.c.id)


async def registration(conn: AsyncConnection, key: int) -> Row[Any] | None:
    stmt = registration_query().where(groups.c.id == key)
    return (await conn.execute(stmt)).first()


def queue_query(state: ReviewState | None, region: str | None) -> Select[Any]:
    """The review queue: registrations in one state (all if None), of one Land if given."""
    stmt = registration_query()
    if state is not None:
        stmt = stmt.where(groups.c.review_state == state)
    if region is not None:
        stmt = stmt.where(groups.c.region_code == region)
    return stmt


async def update_registration(
    conn: AsyncConnection,
    key: int,
    expected_version: int,
    group: Mapping[str, Any],
    registration: Mapping[str, Any],
) -> bool:
    """Change a registration's group and registration rows if the group still has
    `expected_version` (the version goes up by one); False when it has not (nothing changed)."""
    stmt = (
        update(groups)
        .where(groups.c.id == key, groups.c.version == expected_version)
        .values(**group, version=groups.c.version + 1)
    )
    if (await conn.execute(stmt)).rowcount != 1:
        return False
    if registration:
        stmt = update(registrations).where(registrations.c.group_id == key).values(**registration)
        await conn.execute(stmt)
    return True


async def index_group(conn: AsyncConnection, key: int, row: Any) -> None:
    """Put one group into the full-text index now, in the caller's transaction (so a group
    published is found by search at once; `shg reindex` is for bulk changes)."""
    await conn.execute(text(f"DELETE FROM {GROUP_INDEX} WHERE key = :key"), {"key": key})
    document = fulltext.group_document(key, row.name, row.description, row.city)
    await fulltext.write(conn, GROUP_INDEX, [document], replace=False)
