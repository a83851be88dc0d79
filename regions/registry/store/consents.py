"""Consents of a data subject, for the subject access report.

Isolated on purpose: today the registry keeps consent only as the boolean
`rare_condition_searches.consent_to_partners`; when the consent records land (issue 13, part A:
a `consents` table with scope, time, channel, notice version and withdrawal), this one function
reads them instead and the report's `consents` section follows unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import RareConditionSearch

searches = RareConditionSearch.__table__


async def consents_of(conn: AsyncConnection, rare_entry_ids: Sequence[int]) -> list[dict[str, Any]]:
    """One consent per rare-condition entry of the person: what it covers and whether given.
    (No time, channel or notice version is kept yet: null.)"""
    if not rare_entry_ids:
        return []
    s = searches.c
    stmt = (
        select(s.id, s.consent_to_partners, s.since)
        .where(s.id.in_(sorted(set(rare_entry_ids))))
        .order_by(s.id)
    )
    return [
        {
            "record": "rare_condition_entry",
            "key": str(row.id),
            "scope": "PASS_TO_PARTNERS",
            "given": bool(row.consent_to_partners),
            "givenAt": None,
            "channel": None,
            "noticeVersion": None,
            "withdrawnAt": None,
            "source": "rare_condition_searches.consent_to_partners",
        }
        for row in (await conn.execute(stmt)).all()
    ]
