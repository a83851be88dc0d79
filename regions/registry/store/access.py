"""Access control's SQL: revocation look-up, issued tokens, and the disclosure audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Disclosure, IssuedToken, TokenRevocation

issued = IssuedToken.__table__
revocations = TokenRevocation.__table__
disclosures = Disclosure.__table__


async def is_revoked(engine: AsyncEngine, jti: str) -> bool:
    """One primary-key probe per request: cheap enough for every replica to ask every time."""
    async with engine.connect() as conn:
        stmt = select(exists().where(revocations.c.jti == jti))
        return bool((await conn.execute(stmt)).scalar())


async def record_issued(engine: AsyncEngine, row: dict[str, Any]) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(issued), [row])


async def revoke(engine: AsyncEngine, jti: str, at: datetime, reason: str | None) -> bool:
    """Revoke a token id; False if it was already revoked."""
    async with engine.begin() as conn:
        stmt = select(exists().where(revocations.c.jti == jti))
        if (await conn.execute(stmt)).scalar():
            return False
        await conn.execute(insert(revocations), [{"jti": jti, "revoked_at": at, "reason": reason}])
        return True


async def is_issued(engine: AsyncEngine, jti: str) -> bool:
    async with engine.connect() as conn:
        return bool((await conn.execute(select(exists().where(issued.c.jti == jti)))).scalar())


async def issued_tokens(engine: AsyncEngine) -> list[Row[Any]]:
    """Every issued token with its revocation time (null if not revoked), oldest first."""
    stmt = (
        select(issued, revocations.c.revoked_at)
        .outerjoin(revocations, revocations.c.jti == issued.c.jti)
        .order_by(issued.c.issued_at, issued.c.jti)
    )
    async with engine.connect() as conn:
        return list((await conn.execute(stmt)).all())


async def record_disclosures(engine: AsyncEngine, rows: Sequence[dict[str, Any]]) -> None:
    """The whole request's disclosures in one statement (executemany), in one transaction."""
    if not rows:
        return
    async with engine.begin() as conn:
        await conn.execute(insert(disclosures), list(rows))


@dataclass(frozen=True)
class AuditFilter:
    object_id: str | None = None
    token_id: str | None = None
    partner: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def audit_query(f: AuditFilter) -> Select[Any]:
    """Disclosures matching every given filter (the caller pages them by id)."""
    stmt = select(disclosures)
    c = disclosures.c
    if f.object_id is not None:
        stmt = stmt.where(c.object_id == f.object_id)
    if f.token_id is not None:
        stmt = stmt.where(c.token_id == f.token_id)
    if f.partner is not None:
        stmt = stmt.where(c.partner == f.partner)
    if f.since is not None:
        stmt = stmt.where(c.disclosed_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(c.disclosed_at < f.until)
    return stmt
