"""One entry of the disclosure audit: who saw which protected field of which object, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from .. import caller as _caller
from .enums import CallerKind


@strawberry.type(description="A protected value returned to a caller, as the audit recorded it.")
class Disclosure:
    disclosed_at: datetime = strawberry.field(description="When the response was produced.")
    partner: str | None = strawberry.field(description="Whom the token was issued to (`sub`).")
    token_id: str | None = strawberry.field(description="The token's id (`jti`).")
    caller_kind: CallerKind = strawberry.field(description="The kind of caller the token names.")
    purpose: str | None = strawberry.field(description="The purpose the token was issued for.")
    object_id: strawberry.ID = strawberry.field(description="Global id of the object.")
    object_type: str = strawberry.field(description="Its type, e.g. Group.")
    field: str = strawberry.field(description="The protected field, e.g. Group.contact.")
    region: str | None = strawberry.field(description="The object's Land, if it has one.")
    request_id: str = strawberry.field(
        description="The request it was part of: the server's own id (its X-Request-ID answer)."
    )
    proxy_request_id: str | None = strawberry.field(
        description="The X-Request-ID a trusted proxy sent with that request, if any."
    )

    @classmethod
    def from_row(cls, row: Any) -> Disclosure:
        return cls(
            disclosed_at=row.disclosed_at,
            partner=row.partner,
            token_id=row.token_id,
            caller_kind=_caller.CallerKind(row.caller_kind),
            purpose=row.purpose,
            object_id=strawberry.ID(row.object_id),
            object_type=row.object_type,
            field=row.field,
            region=row.region_code,
            request_id=row.request_id,
            proxy_request_id=row.proxy_request_id,
        )
