"""What the offices' maintenance mutations share: the object, who may change it, its version.

A regional office (`region:<Land>:write`) changes its own Land's registry objects, national
staff (`registry:write`) every one. Anyone else, or an office outside its Land: FORBIDDEN (a
GraphQL error) before anything is written. Region-owned groups are never written by the graph:
their id is refused with a hint to report a correction (it goes to the region).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.schema import Table
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import maintenance as store

from ..errors import BadUserInput
from ..ids import decode_id, encode_id, is_number_key
from ..writers import require_any_write, require_write
from .base import Change, MutationError, MutationErrorCode, Outcome, Rejected, perform, problem

Edit = Callable[[AsyncConnection, datetime, Row[Any]], Awaitable[Change]]


def registry_key(value: str, type_name: str, errors: list[MutationError]) -> int | None:
    """The registry key of `id`; a region's group or another type is INVALID."""
    try:
        gid = decode_id(value, "id")
    except BadUserInput:
        errors.append(problem("id", MutationErrorCode.INVALID, f"not an id of a {type_name}"))
        return None
    if gid.type_name != type_name:
        errors.append(problem("id", MutationErrorCode.INVALID, f"not an id of a {type_name}"))
        return None
    if gid.source != SOURCE:
        errors.append(
            problem(
                "id",
                MutationErrorCode.INVALID,
                f"owned by region {gid.source}: the graph does not write it; report a "
                "correction (reportCorrection), which is forwarded to the region",
            )
        )
        return None
    if not is_number_key(gid.key):
        errors.append(problem("id", MutationErrorCode.UNKNOWN_ID, f"no such {type_name}"))
        return None
    return int(gid.key)


async def edit(
    info: Info,
    mutation: str,
    table: Table,
    type_name: str,
    key: int,
    expected_version: int,
    client_mutation_id: str | None,
    work: Edit,
    visible: Callable[[Row[Any]], bool] = lambda row: True,
    sent: Any = None,
) -> Outcome:
    """FORBIDDEN unless the caller maintains the object's Land; then, in one transaction, the
    object at `expectedVersion` (else CONFLICT) is changed by `work`."""
    caller = info.context.caller
    require_any_write(caller, f"Changing a {type_name}")
    async with info.context.engine.connect() as conn:
        found = await store.row(conn, table, key)
    if found is not None and visible(found):
        require_write(caller, found.region_code, f"a {type_name}")

    async def run(conn: AsyncConnection, now: datetime) -> Change:
        current = await store.row(conn, table, key)
        if current is None or not visible(current):
            raise Rejected(problem("id", MutationErrorCode.UNKNOWN_ID, f"no such {type_name}"))
        if current.version != expected_version:
            raise Rejected(
                problem(
                    "expectedVersion",
                    MutationErrorCode.CONFLICT,
                    f"the {type_name} is at version {current.version}",
                )
            )
        return await work(conn, now, current)

    return await perform(info, mutation, client_mutation_id, run, sent)


async def save(
    conn: AsyncConnection,
    table: Table,
    current: Row[Any],
    values: Mapping[str, Any],
    now: datetime,
) -> None:
    """The changed columns at the version read (CONFLICT if another change came first)."""
    if not await store.update_versioned(
        conn, table, current.id, current.version, {**values, "updated_at": now}
    ):
        raise Rejected(problem("expectedVersion", MutationErrorCode.CONFLICT, "changed meanwhile"))


def changed(
    current: Row[Any], values: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, tuple[Any, Any]]:
    """{API field: (old, new)} of the columns whose value differs."""
    out = {}
    for column, value in values.items():
        old = getattr(current, column)
        if old != value:
            out[names.get(column, column)] = (old, value)
    return out


def subject_id(type_name: str, key: int) -> str:
    return encode_id(type_name, SOURCE, key)
