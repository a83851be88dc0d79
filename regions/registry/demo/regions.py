"""The 16 Länder from the catalog, each with the office that coordinates self-help support."""

from __future__ import annotations

from typing import Any

from regions.registry.demo.catalog.laender import COORDINATION_HOURS, LAENDER
from regions.registry.demo.offices import parse_hours

Rows = dict[str, list[dict[str, Any]]]


def build_regions() -> Rows:
    """One row per Land with its coordination office, as far as the catalog confirms it."""
    rows, hours = [], []
    for land in LAENDER:
        office = land.coordination
        slots, note = COORDINATION_HOURS.get(land.code, ((), None))
        for slot in parse_hours(0, slots):
            del slot["contact_point_id"]
            hours.append({"region_code": land.code, **slot})
        rows.append(
            {
                "code": land.code,
                "name": land.name,
                "population": land.population,
                "office_name": office.name,
                "office_carrier": office.carrier,
                "office_street": office.street,
                "office_postal_code": office.postal_code,
                "office_city": office.city,
                "office_website": office.website,
                "office_email": office.email,
                "office_phone": office.phone,
                "office_hours_note": note,
            }
        )
    return {"regions": rows, "coordination_office_hours": hours}
