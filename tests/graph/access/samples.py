"""One published object per (type, region, consent) with its protected data, read with SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from graph.ids import encode_id

GROUP = """
SELECT g.id, c.name AS value, c.meeting_link AS link FROM groups g
JOIN group_contacts c ON c.group_id = g.id
WHERE g.review_state = 'PUBLISHED' AND c.meeting_link IS NOT NULL AND c.name IS NOT NULL
  AND g.contact_mode = :mode AND {region}
ORDER BY g.id LIMIT 1
"""
MANY = """
SELECT o.id FROM {table} o WHERE {region}
  AND EXISTS (SELECT 1 FROM {people} p WHERE p.{fk} = o.id)
ORDER BY o.id LIMIT 1
"""
NAMES = "SELECT name FROM {people} WHERE {fk} = :id ORDER BY id"
RARE = """
SELECT s.id, p.name AS value FROM rare_condition_searches s
JOIN rare_condition_persons p ON p.search_id = s.id
WHERE s.expires_on >= :today AND {region}
  AND EXISTS (SELECT 1 FROM consents k WHERE k.subject_kind = 'RARE_CONDITION_ENTRY'
              AND k.subject_id = s.id AND k.scope = 'PUBLISH' AND k.withdrawn_at IS NULL)
  AND {partners} EXISTS (SELECT 1 FROM consents k WHERE k.subject_kind = 'RARE_CONDITION_ENTRY'
              AND k.subject_id = s.id AND k.scope = 'PASS_TO_PARTNERS' AND k.withdrawn_at IS NULL)
ORDER BY s.id LIMIT 1
"""
OWNERS = {
    "Organisation": ("organisations", "organisation_contacts", "organisation_id"),
    "ContactPoint": ("contact_points", "contact_point_staff", "contact_point_id"),
}


def _region(column: str, region: str | None) -> str:
    return f"{column} IS NULL" if region is None else f"{column} = :region"


async def sample(
    engine: AsyncEngine, field_name: str, region: str | None, consent: bool
) -> tuple[str, Any]:
    """(global id, the protected value as the API returns it) for one table cell."""
    type_name = field_name.split(".")[0]
    params: dict[str, Any] = {"region": region} if region else {}
    async with engine.connect() as conn:
        if type_name == "Group":
            mode = "DIRECT" if consent else "VIA_CONTACT_POINT"
            sql = GROUP.format(region=_region("g.region_code", region))
            row = (await conn.execute(text(sql), {**params, "mode": mode})).first()
            if row is None and region is None and not consent:
                # issue 17: nationwide groups are DIRECT (no far-away local office to go
                # through), so the demo has no nationwide group without consent
                pytest.skip("no nationwide VIA_CONTACT_POINT group in the demo")
            assert row is not None
            value: Any = row.link if field_name == "Group.meetingLink" else row.value
        elif type_name == "RareConditionSearch":
            partners = "" if consent else "NOT"
            sql = RARE.format(region=_region("s.region_code", region), partners=partners)
            row = (await conn.execute(text(sql), {**params, "today": date.today()})).one()
            value = row.value
        else:
            table, people, fk = OWNERS[type_name]
            sql = MANY.format(
                table=table, people=people, fk=fk, region=_region("o.region_code", region)
            )
            row = (await conn.execute(text(sql), params)).one()
            names = await conn.execute(text(NAMES.format(people=people, fk=fk)), {"id": row.id})
            value = list(names.scalars())
    return encode_id(type_name, "nakos", row.id), value
