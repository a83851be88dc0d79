"""Personal data, kept in its own tables: read only for fields access control has granted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import (
    ContactPointStaff,
    GroupContact,
    OrganisationContact,
    RareConditionPerson,
)
from regions.registry.store.lookup import by_key, grouped

group_contacts = GroupContact.__table__
staff = ContactPointStaff.__table__
organisation_contacts = OrganisationContact.__table__
persons = RareConditionPerson.__table__


async def group_contacts_by_groups(
    engine: AsyncEngine, group_ids: Sequence[int]
) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(group_contacts), group_contacts.c.group_id, group_ids)


async def staff_by_contact_points(
    engine: AsyncEngine, ids: Sequence[int]
) -> dict[Any, list[Row[Any]]]:
    stmt = select(staff).where(staff.c.contact_point_id.in_(sorted(set(ids)))).order_by(staff.c.id)
    return await grouped(engine, stmt, "contact_point_id")


async def contacts_by_organisations(
    engine: AsyncEngine, ids: Sequence[int]
) -> dict[Any, list[Row[Any]]]:
    stmt = (
        select(organisation_contacts)
        .where(organisation_contacts.c.organisation_id.in_(sorted(set(ids))))
        .order_by(organisation_contacts.c.id)
    )
    return await grouped(engine, stmt, "organisation_id")


async def persons_by_searches(engine: AsyncEngine, ids: Sequence[int]) -> dict[Any, Row[Any]]:
    return await by_key(engine, select(persons), persons.c.search_id, ids)
