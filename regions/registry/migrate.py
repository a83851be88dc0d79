"""Bring the national registry's schema to the newest Alembic revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


# One number for every process migrating this registry: PostgreSQL's advisory lock makes a
# second `shg migrate` (a Job run twice, replicas started at once) wait for the first and then
# find nothing left to do. Held to the end of the migration's transaction.
MIGRATION_LOCK = 0x5348_4701


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def _revisions(connection: Connection) -> tuple[str | None, str | None]:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(alembic_config()).get_current_head()


async def revisions(engine: AsyncEngine) -> tuple[str | None, str | None]:
    """The registry's revision and the code's newest (equal: nothing to migrate)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_revisions)
