"""Local contact points: filtered selects, batch look-ups, office hours and districts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import ContactPoint, OfficeHours, ServedDistrict
from regions.registry.store.lookup import by_key, grouped
from regions.registry.store.paging import Children

contact_points = ContactPoint.__table__
_EVERY = select(contact_points)  # one statement for every batch by id (see lookup.by_key)
office_hours = OfficeHours.__table__
districts = ServedDistrict.__table__


@dataclass(frozen=True, slots=True)
class ContactPointFilter:
    region: str | None = None
    postal_code: str | None = None


def filtered(f: ContactPointFilter, stmt: Select[Any] | None = None) -> Select[Any]:
    """`stmt`: contact points already narrowed by search (words, place), or all of them."""
    stmt = select(contact_points) if stmt is None else stmt
    if f.region is not None:
        stmt = stmt.where(contact_points.c.region_code == f.region)
    if f.postal_code is not None:
        stmt = stmt.where(contact_points.c.postal_code == f.postal_code)
    return stmt


async def by_ids(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, _EVERY, contact_points.c.id, ids)


async def branches(engine: AsyncEngine, main_ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(contact_points)
        .where(contact_points.c.main_office_id.in_(sorted(set(main_ids))))
        .order_by(contact_points.c.id)
    )
    return await grouped(engine, stmt, "main_office_id")


async def hours(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(office_hours)
        .where(office_hours.c.contact_point_id.in_(sorted(set(ids))))
        .order_by(office_hours.c.contact_point_id, office_hours.c.weekday, office_hours.c.opens)
    )
    return await grouped(engine, stmt, "contact_point_id")


async def served_districts(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(districts)
        .where(districts.c.contact_point_id.in_(sorted(set(ids))))
        .order_by(districts.c.contact_point_id, districts.c.district)
    )
    return await grouped(engine, stmt, "contact_point_id")


def of_regions(codes: Sequence[str]) -> Children:
    """Contact points of many Länder, for nested paging."""
    stmt = select(contact_points).where(contact_points.c.region_code.in_(sorted(set(codes))))
    return Children(stmt, contact_points.c.region_code, contact_points.c.id)
