"""Consent records: read inside the statements that read the objects, written and withdrawn
inside the transaction of the change that carries them (with its change-log entry)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, delete, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import Consent, ConsentChannel, ConsentScope, ConsentSubject

consents = Consent.__table__


def in_force(
    kind: ConsentSubject, scope: ConsentScope, subject: ColumnElement[Any]
) -> ColumnElement[bool]:
    """True while the subject (a column of the outer statement) holds an unwithdrawn consent
    of this scope: a correlated EXISTS, so reading it costs no statement of its own."""
    c = consents.c
    return exists().where(
        and_(
            c.subject_kind == kind,
            c.subject_id == subject,
            c.scope == scope,
            c.withdrawn_at.is_(None),
        )
    )


@dataclass(frozen=True, slots=True)
class Given:
    """One consent as given: what, when, how, under which notice."""

    scope: ConsentScope
    given_at: datetime
    channel: ConsentChannel
    notice_version: str


async def record(
    conn: AsyncConnection, kind: ConsentSubject, subject_id: int, given: Iterable[Given]
) -> int:
    """Store the consents a person gave (one statement); returns how many."""
    rows = [
        {
            "subject_kind": kind,
            "subject_id": subject_id,
            "scope": g.scope,
            "given_at": g.given_at,
            "channel": g.channel,
            "notice_version": g.notice_version,
        }
        for g in given
    ]
    if rows:
        await conn.execute(insert(consents), rows)
    return len(rows)


async def withdraw(
    conn: AsyncConnection,
    kind: ConsentSubject,
    subject_id: int,
    scopes: Sequence[ConsentScope],
    at: datetime,
    channel: ConsentChannel,
) -> list[ConsentScope]:
    """Withdraw the subject's consents of these scopes that are in force; returns the scopes
    actually withdrawn (none: nothing was in force). The records stay, with the withdrawal."""
    c = consents.c
    stmt = (
        update(consents)
        .where(
            c.subject_kind == kind,
            c.subject_id == subject_id,
            c.scope.in_(list(scopes)),
            c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=at, withdrawal_channel=channel)
        .returning(c.scope)
    )
    return sorted({row.scope for row in await conn.execute(stmt)}, key=lambda s: s.value)


async def of_subjects(
    conn: AsyncConnection, kind: ConsentSubject, subject_ids: Sequence[int]
) -> list[Row[Any]]:
    """Every record (in force or withdrawn) of these subjects, oldest first."""
    c = consents.c
    stmt = (
        select(consents)
        .where(c.subject_kind == kind, c.subject_id.in_(sorted(set(subject_ids))))
        .order_by(c.id)
    )
    return list(await conn.execute(stmt))


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


async def consents_of(
    conn: AsyncConnection, subjects: dict[ConsentSubject, Sequence[int]]
) -> list[dict[str, Any]]:
    """Every consent record of these subjects, given and withdrawn, for the subject access
    report (one statement): what it covers, when and how it was given, under which notice."""
    c = consents.c
    wanted = [
        and_(c.subject_kind == kind, c.subject_id.in_(sorted(set(ids))))
        for kind, ids in subjects.items()
        if ids
    ]
    if not wanted:
        return []
    stmt = select(consents).where(or_(*wanted)).order_by(c.subject_kind, c.subject_id, c.id)
    return [
        {
            "record": row.subject_kind.name.lower(),
            "key": str(row.subject_id),
            "scope": row.scope.name,
            "given": row.withdrawn_at is None,
            "givenAt": _shown(row.given_at),
            "channel": row.channel.name,
            "noticeVersion": row.notice_version,
            "withdrawnAt": _shown(row.withdrawn_at),
            "withdrawalChannel": row.withdrawal_channel.name if row.withdrawal_channel else None,
            "source": "consents",
        }
        for row in (await conn.execute(stmt)).all()
    ]


async def delete_of(conn: AsyncConnection, kind: ConsentSubject, ids: Sequence[int]) -> None:
    """Erasure (GDPR art. 17): the consent records of erased subjects go with them."""
    if ids:
        c = consents.c
        await conn.execute(delete(consents).where(c.subject_kind == kind, c.subject_id.in_(ids)))
