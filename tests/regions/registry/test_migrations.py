"""The Alembic history creates exactly the tables the models declare, and moves what must
move (0004: withheld meeting places to their town's centre)."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import column, inspect, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.migrate import alembic_config
from regions.registry.models import Base, Group, PostalCode, Region
from regions.sources.engine import create_engine
from regions.sources.vocabulary import (
    Audience,
    ContactMode,
    GroupFormat,
    GroupReach,
    GroupStatus,
    ReviewState,
)
from tests.conftest import POSTGRES_SCHEMA
from tests.regions.conftest import fresh_schema


def _diff(connection: Connection) -> list[Any]:
    # the full-text indexes are made by regions.sources.search.fulltext, not declared as models
    def declared(name: str | None, kind: str, parent: dict[str, str | None]) -> bool:
        return not (kind == "table" and name is not None and name.startswith("search_"))

    context = MigrationContext.configure(connection, opts={"include_name": declared})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_models(app: Starlette) -> None:
    # given the registry the app migrated at start-up
    async with app.state.engine.connect() as conn:
        # when Alembic compares it with the models
        diff = await conn.run_sync(_diff)
    # then nothing is missing or different
    assert diff == []


# --- 0004: withheld meeting places move to their town's centre ------------------------------

NEURUPPIN = {  # real postal codes of Neuruppin (Brandenburg) and their centroids
    "16816": (52.9119623085, 12.8024718989),
    "16818": (52.9948117322, 12.6967342279),
    "16827": (52.9875226497, 12.8663730613),
}
POTSDAM = ("14467", (52.4040, 13.0580))
CENTRE = (
    sum(lat for lat, _ in NEURUPPIN.values()) / 3,
    sum(lon for _, lon in NEURUPPIN.values()) / 3,
)


def _to(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


@pytest.fixture
async def at_0003(backend: str, database_url: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A registry of its own at revision 0003 (before withheld places moved)."""
    if backend == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    else:
        schema = f"{POSTGRES_SCHEMA}_mig"
        await fresh_schema(schema)
        engine = create_engine(database_url, schema)
    async with engine.begin() as conn:
        await conn.run_sync(_to, "0003")
    yield engine
    await engine.dispose()


def _group(number: int, city: str | None, land: str, code: str | None, withheld: bool) -> Any:
    point = NEURUPPIN.get(code or "") or (POTSDAM[1] if code == POTSDAM[0] else (None, None))
    return {
        "id": number,
        "name": f"Gesprächskreis {number}",
        "description": "",
        "status": GroupStatus.ACTIVE,
        "review_state": ReviewState.PUBLISHED,
        "format": GroupFormat.IN_PERSON,
        "reach": GroupReach.LOCAL,
        "audience": Audience.BOTH,
        "region_code": land,
        "contact_mode": ContactMode.DIRECT,
        "postal_code": code,
        "city": city,
        "latitude": point[0],
        "longitude": point[1],
        "address_withheld": withheld,
        "languages": "de",
        "open_for_new_members": True,
        "source": "nakos",
        "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
    }


GROUPS = [
    _group(1, "Neuruppin", "DE-BB", "16818", True),  # withheld, on its postal code's centroid
    _group(2, "Neuruppin", "DE-BB", "16827", True),  # the same town, another postal code
    _group(3, "Neuruppin", "DE-BB", "16816", False),  # published: stays on its centroid
    _group(4, "Kleinkleckersdorf", "DE-BB", "16816", True),  # a town no postal code names
    _group(5, "Neuruppin", "DE-BE", "16816", True),  # the name, but not in that Land
    _group(6, None, "DE-BB", None, True),  # no place at all
    _group(7, "Potsdam", "DE-BB", POTSDAM[0], True),  # one postal code: its own centroid
]


async def _points(engine: AsyncEngine) -> dict[int, tuple[float | None, float | None]]:
    groups = Group.__table__
    async with engine.connect() as conn:
        rows = await conn.execute(select(groups.c.id, groups.c.latitude, groups.c.longitude))
        return {row.id: (row.latitude, row.longitude) for row in rows}


async def _fill(engine: AsyncEngine, lands: list[str], postal_codes: list[dict[str, Any]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            Region.__table__.insert(),
            [{"code": c, "name": c, "population": 1, "office_name": "Büro"} for c in lands],
        )
        if postal_codes:
            await conn.execute(PostalCode.__table__.insert(), postal_codes)
        # the columns the groups table had at 0003 (the model has later ones, e.g. version)
        typed = Group.__table__.c
        at_0003_groups = table("groups", *(column(name, typed[name].type) for name in GROUPS[0]))
        await conn.execute(at_0003_groups.insert(), GROUPS)


def _close(point: tuple[float | None, float | None], expected: tuple[float, float]) -> bool:
    lat, lon = point
    assert lat is not None and lon is not None
    return math.isclose(lat, expected[0], abs_tol=1e-9) and math.isclose(
        lon, expected[1], abs_tol=1e-9
    )


async def test_0004_moves_withheld_places_to_their_towns_centre(at_0003: AsyncEngine) -> None:
    # given withheld groups sitting on their postal codes' centroids
    codes = [
        {"code": c, "latitude": lat, "longitude": lon, "region_code": "DE-BB", "town": "Neuruppin"}
        for c, (lat, lon) in NEURUPPIN.items()
    ]
    lat, lon = POTSDAM[1]
    codes.append(
        {
            "code": POTSDAM[0],
            "latitude": lat,
            "longitude": lon,
            "region_code": "DE-BB",
            "town": "Potsdam",
        }
    )
    await _fill(at_0003, ["DE-BB", "DE-BE"], codes)
    # when Alembic upgrades to head
    async with at_0003.begin() as conn:
        await conn.run_sync(_to, "head")
    # then each withheld group holds its town's centre (the mean of the town's centroids),
    # the same for groups of one town whatever their postal codes
    points = await _points(at_0003)
    assert _close(points[1], CENTRE) and _close(points[2], CENTRE)
    assert points[1] == points[2]
    assert _close(points[7], POTSDAM[1])
    # and a published place stays where it is
    assert _close(points[3], NEURUPPIN["16816"])
    # and a withheld place in a town no postal code of its Land names holds no point at all
    assert points[4] == points[5] == points[6] == (None, None)


async def test_0004_fills_the_postal_codes_of_an_older_registry_first(
    at_0003: AsyncEngine,
) -> None:
    # given a registry migrated from before the search (no postal codes loaded yet)
    await _fill(at_0003, [land.code for land in LAENDER], [])
    # when Alembic upgrades to head
    async with at_0003.begin() as conn:
        await conn.run_sync(_to, "head")
    # then the postal codes are there and the withheld group holds its town's centre
    table = PostalCode.__table__
    async with at_0003.connect() as conn:
        towns = await conn.execute(
            select(table.c.latitude, table.c.longitude).where(
                table.c.town == "Neuruppin", table.c.region_code == "DE-BB"
            )
        )
        centroids = list(towns)
    assert len(centroids) >= 2
    mean = (
        sum(lat for lat, _ in centroids) / len(centroids),
        sum(lon for _, lon in centroids) / len(centroids),
    )
    points = await _points(at_0003)
    assert _close(points[1], mean) and points[1] == points[2]
    assert _close(points[3], NEURUPPIN["16816"])


# --- 0008: the boolean consent_to_partners becomes consent records ---------------------------


@pytest.fixture
async def at_0007(backend: str, database_url: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A registry of its own at revision 0007 (consent still a boolean on the entry)."""
    if backend == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old7.db'}")
    else:
        schema = f"{POSTGRES_SCHEMA}_mig7"
        await fresh_schema(schema)
        engine = create_engine(database_url, schema)
    async with engine.begin() as conn:
        await conn.run_sync(_to, "0007")
    yield engine
    await engine.dispose()


async def test_0008_turns_the_consent_flag_into_records_and_drops_it(at_0007: AsyncEngine) -> None:
    # given two entries at 0007, one with the flag set
    async with at_0007.begin() as conn:
        await conn.execute(
            text("INSERT INTO rare_conditions (id, name, synonyms) VALUES (1, 'Marfan', '')")
        )
        for number, flag in ((1, True), (2, False)):
            await conn.execute(
                text(
                    "INSERT INTO rare_condition_searches (id, condition_id, seeking, seeker_role,"
                    " since, expires_on, consent_to_partners, source, updated_at) VALUES (:n, 1,"
                    " 'Austausch', 'AFFECTED', :since, :until, :flag, 'nakos', :at)"
                ),
                {
                    "n": number,
                    "since": date(2026, 3, 4),
                    "until": date(2028, 3, 4),
                    "flag": flag,
                    "at": datetime(2026, 3, 4, tzinfo=UTC),
                },
            )
    # when Alembic upgrades to 0008
    async with at_0007.begin() as conn:
        await conn.run_sync(_to, "0008")
    # then every entry is published by a migrated record, and only the first goes to partners
    async with at_0007.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT subject_kind, subject_id, scope, channel, notice_version, given_at,"
                " withdrawn_at FROM consents ORDER BY subject_id, scope"
            )
        )
        records = [tuple(row) for row in rows]
        columns = await conn.run_sync(
            lambda sync: [c["name"] for c in inspect(sync).get_columns("rare_condition_searches")]
        )
    assert [(r[1], r[2], r[3], r[4], r[6]) for r in records] == [
        (1, "PASS_TO_PARTNERS", "MIGRATED", "unrecorded", None),
        (1, "PUBLISH", "MIGRATED", "unrecorded", None),
        (2, "PUBLISH", "MIGRATED", "unrecorded", None),
    ]
    assert {r[0] for r in records} == {"RARE_CONDITION_ENTRY"}
    given = records[0][5]
    given = datetime.fromisoformat(given) if isinstance(given, str) else given
    assert given.replace(tzinfo=given.tzinfo or UTC) == datetime(2026, 3, 4, tzinfo=UTC)
    assert "consent_to_partners" not in columns
