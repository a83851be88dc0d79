"""One entry of the change log: who changed which object, how, when, in which request."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry

from .enums import ChangeAuthorKind


@strawberry.type(description="One changed field: its value before and after, as JSON text.")
class FieldChange:
    field: str = strawberry.field(description="The field, e.g. review_state or contact.email.")
    old_value: str = strawberry.field(
        description="The value before, as JSON (null when new); personal values only as "
        '"<set>" or null, never themselves.'
    )
    new_value: str = strawberry.field(description="The value after, as JSON.")


@strawberry.type(description="A change made through the API, recorded in its transaction.")
class ChangeLogEntry:
    at: datetime = strawberry.field(description="When the change was committed.")
    action: str = strawberry.field(
        description="The mutation, e.g. publishGroupRegistration; retentionRun for a run of "
        "`shg retention run` (its changes: the count deleted per class)."
    )
    subject_id: strawberry.ID = strawberry.field(
        description="Global id of the changed object; for a retention run the id of "
        "`Retention:nakos:run` (`UmV0ZW50aW9uOm5ha29zOnJ1bg`)."
    )
    actor: str | None = strawberry.field(description="Whom the token was issued to (`sub`).")
    token_id: str | None = strawberry.field(description="The token's id; null for anonymous.")
    caller_kind: ChangeAuthorKind = strawberry.field(
        description="The kind of caller that made it (SYSTEM: `shg retention run`)."
    )
    purpose: str | None = strawberry.field(description="The token's purpose.")
    request_id: str = strawberry.field(description="The server's id of the request.")
    changes: list[FieldChange] = strawberry.field(description="The fields changed.")

    @classmethod
    def from_row(cls, row: Any) -> ChangeLogEntry:
        fields = row.fields if isinstance(row.fields, dict) else json.loads(row.fields)
        return cls(
            at=row.at,
            action=row.action,
            subject_id=strawberry.ID(row.subject_id),
            actor=row.actor,
            token_id=row.token_id,
            caller_kind=ChangeAuthorKind(row.caller_kind),
            purpose=row.purpose,
            request_id=row.request_id,
            changes=[
                FieldChange(
                    field=name,
                    old_value=json.dumps(value.get("old"), ensure_ascii=False),
                    new_value=json.dumps(value.get("new"), ensure_ascii=False),
                )
                for name, value in sorted(fields.items())
            ],
        )
