"""The Alembic history creates exactly the tables the models declare."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from starlette.applications import Starlette

from regions.registry.models import Base


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
