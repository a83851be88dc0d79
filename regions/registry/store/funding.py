"""Funding programmes: the filtered select for paging, batch look-ups, and the programmes
open to groups by care domain, Land and town."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import CareDomain, FundingDeadline, FundingProgramme
from regions.registry.store.lookup import by_key, grouped
from regions.registry.store.paging import fetch_all

programmes = FundingProgramme.__table__
deadlines = FundingDeadline.__table__


@dataclass(frozen=True, slots=True)
class FundingFilter:
    region_code: str | None = None  # nationwide programmes and those within this Land
    care: CareDomain | None = None
    nothing: bool = False  # e.g. a topic not classified as health-related or social


def filtered(f: FundingFilter) -> Select[Any]:
    stmt = select(programmes)
    if f.nothing:
        return stmt.where(programmes.c.id.is_(None))
    if f.region_code is not None:
        stmt = stmt.where(
            or_(programmes.c.region_code.is_(None), programmes.c.region_code == f.region_code)
        )
    if f.care is not None:
        stmt = stmt.where(programmes.c.eligibility == f.care)
    return stmt


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(programmes), programmes.c.id, ids)


async def deadlines_of(
    engine: AsyncEngine, programme_ids: Sequence[int]
) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(deadlines)
        .where(deadlines.c.programme_id.in_(sorted(set(programme_ids))))
        .order_by(deadlines.c.programme_id, deadlines.c.month, deadlines.c.day)
    )
    return await grouped(engine, stmt, "programme_id")


Applicant = tuple[CareDomain | None, str | None, str | None]  # care, Land, town (casefolded)


def _open_to(row: Row[Any], care: CareDomain | None, region: str | None, town: str | None) -> bool:
    if care is None or row.eligibility != care:
        return False
    if row.region_code is None:
        return True
    if row.region_code != region:
        return False
    return row.town is None or (town is not None and row.town.casefold() == town)


async def open_to(
    engine: AsyncEngine, applicants: Sequence[Applicant]
) -> dict[Any, list[Row[Any]]]:
    """The programmes each applicant (a group's care domain, Land and town) may apply for, in
    id order: one statement for them all."""
    cares = sorted({care for care, _, _ in applicants if care is not None}, key=lambda c: c.value)
    if not cares:
        return {}
    regions = sorted({region for _, region, _ in applicants if region is not None})
    stmt = (
        select(programmes)
        .where(
            programmes.c.eligibility.in_(cares),
            or_(programmes.c.region_code.is_(None), programmes.c.region_code.in_(regions)),
        )
        .order_by(programmes.c.id)
    )
    rows = await fetch_all(engine, stmt)
    return {key: [row for row in rows if _open_to(row, *key)] for key in applicants}
