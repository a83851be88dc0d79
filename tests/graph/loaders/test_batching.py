"""Every loader batches: one query per batch, results in key order, None or [] for misses."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.applications import Starlette

from graph.context import Loaders
from tests.conftest import Db, SqlLog

MISSING = 10**9


async def load_batch(loader: Any, keys: list[Any]) -> list[Any]:
    return list(await asyncio.gather(*(loader.load(key) for key in keys)))


async def some(db: Db, sql: str) -> list[Any]:
    return await db.column(sql)


@pytest.mark.parametrize(
    ("loader_name", "keys_sql", "miss", "many"),
    [
        (
            "group_by_id",
            "SELECT id FROM groups WHERE review_state='PUBLISHED' LIMIT 5",
            MISSING,
            False,
        ),
        ("contact_point_by_id", "SELECT id FROM contact_points LIMIT 5", MISSING, False),
        ("organisation_by_id", "SELECT id FROM organisations LIMIT 5", MISSING, False),
        ("topic_by_id", "SELECT id FROM topics LIMIT 5", MISSING, False),
        ("region_by_code", "SELECT code FROM regions LIMIT 5", "DE-ZZ", False),
        ("rare_condition_by_id", "SELECT id FROM rare_conditions LIMIT 5", MISSING, False),
        ("topics_by_group", "SELECT id FROM groups LIMIT 5", MISSING, True),
        ("topics_by_organisation", "SELECT id FROM organisations LIMIT 5", MISSING, True),
        (
            "topics_by_parent",
            "SELECT id FROM topics WHERE parent_id IS NULL LIMIT 5",
            MISSING,
            True,
        ),
        (
            "synonyms_by_topic",
            "SELECT DISTINCT topic_id FROM topic_synonyms LIMIT 5",
            MISSING,
            True,
        ),
        # (real offices carry no invented hours or districts: keys of offices that have some)
        (
            "office_hours_by_contact_point",
            "SELECT DISTINCT contact_point_id FROM contact_point_office_hours LIMIT 5",
            MISSING,
            True,
        ),
        (
            "districts_by_contact_point",
            "SELECT DISTINCT contact_point_id FROM contact_point_districts LIMIT 5",
            MISSING,
            True,
        ),
        (
            "branches_by_contact_point",
            "SELECT DISTINCT main_office_id FROM contact_points "
            "WHERE main_office_id IS NOT NULL LIMIT 5",
            MISSING,
            True,
        ),
        ("group_contact_by_group", "SELECT group_id FROM group_contacts LIMIT 5", MISSING, False),
        (
            "staff_by_contact_point",
            "SELECT DISTINCT contact_point_id FROM contact_point_staff LIMIT 5",
            MISSING,
            True,
        ),
        (
            "contacts_by_organisation",
            "SELECT DISTINCT organisation_id FROM organisation_contacts LIMIT 5",
            MISSING,
            True,
        ),
        (
            "person_by_search",
            "SELECT search_id FROM rare_condition_persons LIMIT 5",
            MISSING,
            False,
        ),
    ],
)
async def test_loader_batches_dedupes_and_keeps_order(
    app: Starlette, db: Db, sql: SqlLog, loader_name: str, keys_sql: str, miss: Any, many: bool
) -> None:
    # given real keys, a duplicate and a miss
    keys = await some(db, keys_sql)
    assert len(keys) == 5
    asked = [keys[3], miss, keys[0], keys[3], *keys]
    loader = getattr(Loaders(app.state.engine), loader_name)
    sql.reset()
    # when they are loaded in one tick
    results = await load_batch(loader, asked)
    # then one query answered all, in the order asked, with the miss empty
    assert sql.count == 1, sql.statements
    assert len(results) == len(asked)
    assert results[1] == ([] if many else None)
    assert results[0] == results[3] == results[4 + 3]
    if not many:
        assert all(result is not None for i, result in enumerate(results) if i != 1)
    else:
        assert all(results[4:]), "each real key has rows"
