"""Root field for the change log: every change made through the API, for `audit:read`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import changes as store

from ..arguments import text
from ..auth.scopes import AUDIT_READ
from ..errors import BadUserInput
from ..ids import decode_id, encode_id
from ..pagination import After, Before, Connection, First, Last
from ..permissions import requires_scope
from ..types.change import ChangeLogEntry
from .paged import page


@strawberry.type
class ChangeQueries:
    @requires_scope(
        AUDIT_READ,
        "The change log, oldest first: who changed what, with old and new values. Filter by "
        "one object (`subjectId`: a registry Group's id also finds its registration's "
        "changes), by `actor` (token subject or token id) and by time.",
    )
    async def change_log(
        self,
        info: Info,
        subject_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Global id of the object.")
        ] = None,
        actor: Annotated[
            str | None, strawberry.argument(description="Token subject (`sub`) or id (`jti`).")
        ] = None,
        since: Annotated[
            datetime | None, strawberry.argument(description="Only changes at or after this.")
        ] = None,
        until: Annotated[
            datetime | None, strawberry.argument(description="Only changes before this.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ChangeLogEntry] | None:
        if since and until and since >= until:
            raise BadUserInput("until", "must be after since")
        subjects: tuple[str, ...] = ()
        if subject_id is not None:
            gid = decode_id(subject_id, "subjectId")
            subjects = (encode_id(gid.type_name, gid.source, gid.key),)
            if gid.source == SOURCE and gid.type_name in ("Group", "GroupRegistration"):
                other = "GroupRegistration" if gid.type_name == "Group" else "Group"
                subjects += (encode_id(other, gid.source, gid.key),)
        stmt = store.change_log_query(
            store.ChangeFilter(
                subject_ids=subjects, actor=text(actor, "actor"), since=since, until=until
            )
        )
        return await page(
            info,
            stmt,
            store.change_log.c.id,
            ChangeLogEntry.from_row,
            first,
            after,
            last=last,
            before=before,
        )
