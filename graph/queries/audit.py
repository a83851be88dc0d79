"""Root fields for the disclosure audit: the log, and who saw one object's protected data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from regions.registry.store import access as store

from ..arguments import text
from ..auth.scopes import AUDIT_READ
from ..errors import BadUserInput
from ..ids import decode_id, encode_id
from ..pagination import After, Before, Connection, First, Last
from ..permissions import requires_scope
from ..types.disclosure import Disclosure
from .paged import page

Since = Annotated[
    datetime | None, strawberry.argument(description="Only disclosures at or after this time.")
]
Until = Annotated[datetime | None, strawberry.argument(description="Only disclosures before it.")]


@strawberry.type
class AuditQueries:
    @requires_scope(AUDIT_READ, "The disclosure audit, oldest first.")
    async def audit_log(
        self,
        info: Info,
        partner: Annotated[
            str | None, strawberry.argument(description="Only this token subject (`sub`).")
        ] = None,
        token_id: Annotated[
            str | None, strawberry.argument(description="Only this token id (`jti`).")
        ] = None,
        since: Since = None,
        until: Until = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Disclosure] | None:
        if since and until and since >= until:
            raise BadUserInput("until", "must be after since")
        audit = store.AuditFilter(
            partner=text(partner, "partner"),
            token_id=text(token_id, "tokenId"),
            since=since,
            until=until,
        )
        stmt = store.audit_query(audit)
        return await page(
            info,
            stmt,
            store.disclosures.c.id,
            Disclosure.from_row,
            first,
            after,
            last=last,
            before=before,
        )

    @requires_scope(
        AUDIT_READ,
        "Who was shown the protected data of one object (a group, organisation, contact "
        "point or rare-condition search), oldest first: for data-subject access requests.",
    )
    async def disclosures(
        self,
        info: Info,
        subject_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the object.")
        ],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Disclosure] | None:
        # the id as node() records it: padding or other spellings of one id find the same rows
        gid = decode_id(subject_id, "subjectId")
        canonical = encode_id(gid.type_name, gid.source, gid.key)
        stmt = store.audit_query(store.AuditFilter(object_id=canonical))
        return await page(
            info,
            stmt,
            store.disclosures.c.id,
            Disclosure.from_row,
            first,
            after,
            last=last,
            before=before,
        )
