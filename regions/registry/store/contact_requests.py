"""Contact mediation's SQL: what routes a group has, the recipient of a request, the request
rows (each its own mail outbox row), rate-limit counts, abuse reports and blocks.

A request is written in the transaction of its change-log entry (`insert`); the deliverer
reads due rows (`due`), claims one (`claim`: one UPDATE that only succeeds if nobody took it
first) and records the outcome (`sent`, `retry_later`, `failed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, insert, literal, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import (
    ContactBlock,
    ContactPoint,
    ContactPointStaff,
    ContactRequest,
    Group,
    GroupContact,
    RareConditionPerson,
)
from regions.registry.store.paging import fetch_all
from regions.registry.store.rare_conditions import current
from regions.sources.vocabulary import ContactMode, ReviewState

requests = ContactRequest.__table__
blocks = ContactBlock.__table__
groups = Group.__table__
group_contacts = GroupContact.__table__
contact_points = ContactPoint.__table__
staff = ContactPointStaff.__table__
persons = RareConditionPerson.__table__


def _filled(column: Any) -> Any:
    return func.coalesce(func.length(func.trim(column)), 0) > 0


def _staff_email(point: Any) -> Any:
    """The contact point's first staff member with an email (lowest id): where a mediated
    request goes when the office publishes no email (their work address, never shown)."""
    s = staff.c
    return (
        select(s.email)
        .where(s.contact_point_id == point, _filled(s.email))
        .order_by(s.id)
        .limit(1)
        .scalar_subquery()
    )


async def route_facts(engine: AsyncEngine, keys: Sequence[tuple[str, int]]) -> dict[Any, Any]:
    """One statement for a page: per ("group", id) whether the registry group's contact has an
    email (`mediated`); per ("office", id) whether the contact point has a public office phone
    or email, and whether a mediated request can go there (its office email, else a staff
    member's)."""
    group_ids = sorted({k for kind, k in keys if kind == "group"})
    office_ids = sorted({k for kind, k in keys if kind == "office"})
    parts = []
    if group_ids:
        g = group_contacts.c
        parts.append(
            select(
                literal("group").label("kind"),
                g.group_id.label("id"),
                _filled(g.email).label("mediated"),
                literal(False).label("email"),
                literal(False).label("phone"),
            ).where(g.group_id.in_(group_ids))
        )
    if office_ids:
        c = contact_points.c
        parts.append(
            select(
                literal("office").label("kind"),
                c.id.label("id"),
                (_filled(c.office_email) | _filled(_staff_email(c.id))).label("mediated"),
                _filled(c.office_email).label("email"),
                _filled(c.office_phone).label("phone"),
            ).where(c.id.in_(office_ids))
        )
    if not parts:
        return {}
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    rows = await fetch_all(engine, stmt)  # type: ignore[arg-type]
    return {(row.kind, int(row.id)): row for row in rows}


# --- the recipient ---------------------------------------------------------------------------


async def office_email(conn: AsyncConnection, contact_point_id: int) -> str | None:
    """Where a contact point's mediated requests go: its office email, else its first staff
    member's (one statement)."""
    c = contact_points.c
    stmt = select(c.office_email, _staff_email(c.id)).where(c.id == contact_point_id)
    row = (await conn.execute(stmt)).first()
    if row is None:
        return None
    for value in row:
        if value and value.strip():
            return str(value).strip()
    return None


async def registry_group(conn: AsyncConnection, group_id: int) -> Row[Any] | None:
    """A published registry group: its contact mode, contact point and contact's email."""
    g, c = groups.c, group_contacts.c
    stmt = (
        select(g.id, g.contact_mode, g.contact_point_id, c.email)
        .select_from(groups.outerjoin(group_contacts, c.group_id == g.id))
        .where(g.id == group_id, g.review_state == ReviewState.PUBLISHED)
    )
    return (await conn.execute(stmt)).first()


async def group_recipient(conn: AsyncConnection, group_id: int) -> str | None:
    """Where a registry group's request goes: the contact's email (DIRECT) or its contact
    point's office email (VIA_CONTACT_POINT); None when there is none."""
    row = await registry_group(conn, group_id)
    return None if row is None else await recipient_of(conn, row)


async def recipient_of(conn: AsyncConnection, row: Row[Any]) -> str | None:
    """`group_recipient` for a row `registry_group` read."""
    if row.contact_mode == ContactMode.VIA_CONTACT_POINT:
        if row.contact_point_id is None:
            return None
        return await office_email(conn, row.contact_point_id)
    return row.email.strip() if row.email and row.email.strip() else None


async def entry_recipient(conn: AsyncConnection, entry_id: int, today: date) -> str | None:
    """A shown rare-condition entry's person (published, not expired, PUBLISH consent in
    force: read from the consent records in the same statement)."""
    shown = current(today).where(current(today).selected_columns.id == entry_id).subquery()
    stmt = select(persons.c.email).where(persons.c.search_id.in_(select(shown.c.id)))
    value = (await conn.execute(stmt)).scalar()
    return value.strip() if value and value.strip() else None


async def entry_shown(conn: AsyncConnection, entry_id: int, today: date) -> bool:
    base = current(today)
    stmt = select(func.count()).select_from(
        base.where(base.selected_columns.id == entry_id).subquery()
    )
    return int((await conn.execute(stmt)).scalar_one()) > 0


# --- requests ---------------------------------------------------------------------------------


async def insert_request(conn: AsyncConnection, row: dict[str, Any]) -> int:
    result = await conn.execute(insert(requests).values(row).returning(requests.c.id))
    return int(result.scalar_one())


async def request(conn: AsyncConnection, key: int) -> Row[Any] | None:
    return (await conn.execute(select(requests).where(requests.c.id == key))).first()


async def counts(
    conn: AsyncConnection, sender_hash: str, subject_id: str, since: datetime
) -> tuple[int, int]:
    """Requests since `since` from this sender, and to this recipient (one statement)."""
    r = requests.c
    stmt = select(
        func.count().filter(r.sender_hash == sender_hash),
        func.count().filter(r.subject_id == subject_id),
    ).where(r.created_at >= since)
    row = (await conn.execute(stmt)).one()
    return int(row[0]), int(row[1])


async def blocked(conn: AsyncConnection, sender_hash: str) -> bool:
    stmt = select(blocks.c.sender_hash).where(blocks.c.sender_hash == sender_hash)
    return (await conn.execute(stmt)).first() is not None


async def by_abuse_token(conn: AsyncConnection, token_hash: str) -> Row[Any] | None:
    stmt = select(requests).where(requests.c.abuse_token_hash == token_hash)
    return (await conn.execute(stmt)).first()


async def report_abuse(conn: AsyncConnection, row: Row[Any], now: datetime) -> None:
    """The request is marked and its sender blocked (by digest; a second report changes
    nothing)."""
    await conn.execute(
        update(requests).where(requests.c.id == row.id).values(abuse_reported_at=now)
    )
    if row.sender_hash and not await blocked(conn, row.sender_hash):
        await conn.execute(
            insert(blocks).values(
                sender_hash=row.sender_hash, blocked_at=now, contact_request_id=row.id
            )
        )


# --- delivery ---------------------------------------------------------------------------------


def _open() -> Any:
    return requests.c.sent_at.is_(None) & requests.c.failed_at.is_(None)


async def due(
    engine: AsyncEngine, now: datetime | None, limit: int, ids: Sequence[int] | None = None
) -> list[Row[Any]]:
    stmt = select(requests).where(_open())
    if ids is not None:
        stmt = stmt.where(requests.c.id.in_(sorted(set(ids))))
    if now is not None:
        stmt = stmt.where(requests.c.next_attempt_at <= now)
    async with engine.connect() as conn:
        return list((await conn.execute(stmt.order_by(requests.c.id).limit(limit))).all())


async def claim(engine: AsyncEngine, row: Row[Any], lease_until: datetime) -> bool:
    """Take the row for one attempt (False if another deliverer took or finished it)."""
    stmt = (
        update(requests)
        .where(requests.c.id == row.id, _open(), requests.c.attempts == row.attempts)
        .values(next_attempt_at=lease_until, attempts=row.attempts + 1, last_error=None)
    )
    async with engine.begin() as conn:
        return (await conn.execute(stmt)).rowcount == 1


async def sent(engine: AsyncEngine, key: int, now: datetime) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            update(requests)
            .where(requests.c.id == key)
            .values(sent_at=now, next_attempt_at=None, last_error=None)
        )


async def retry_later(engine: AsyncEngine, key: int, at: datetime, error: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            update(requests)
            .where(requests.c.id == key)
            .values(next_attempt_at=at, last_error=error[:500])
        )


async def failed(engine: AsyncEngine, key: int, now: datetime, error: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            update(requests)
            .where(requests.c.id == key)
            .values(failed_at=now, next_attempt_at=None, last_error=error[:500])
        )


async def registry_recipient(
    engine: AsyncEngine, subject_type: str, key: int, today: date
) -> str | None:
    async with engine.connect() as conn:
        if subject_type == "Group":
            return await group_recipient(conn, key)
        if subject_type == "ContactPoint":
            return await office_email(conn, key)
        if subject_type == "RareConditionSearch":
            return await entry_recipient(conn, key, today)
    return None


async def office_of(engine: AsyncEngine, contact_point_id: int) -> str | None:
    async with engine.connect() as conn:
        return await office_email(conn, contact_point_id)
