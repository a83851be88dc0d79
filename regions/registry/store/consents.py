"""Consent records: read inside the statements that read the objects, written and withdrawn
inside the transaction of the change that carries them (with its change-log entry)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, exists, insert, select, update
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
