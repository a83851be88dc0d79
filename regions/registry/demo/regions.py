"""The 16 Länder from the catalog, each with the office that coordinates self-help support."""

from __future__ import annotations

from typing import Any

from regions.registry.demo.catalog.laender import LAENDER

Rows = dict[str, list[dict[str, Any]]]


def build_regions() -> Rows:
    """One row per Land with its coordination office, as far as the catalog confirms it."""
    rows = []
    for land in LAENDER:
        office = land.coordination
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
            }
        )
    return {"regions": rows}
