"""A reported correction: what someone says is wrong, and where it went."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry

from regions.registry import SOURCE

from ..ids import encode_id


@strawberry.enum(description="Where a correction stands.")
class CorrectionState(enum.Enum):
    OPEN = strawberry.enum_value(
        "OPEN", description="A registry object's: waits for its Land's office or national staff."
    )
    APPLIED = strawberry.enum_value("APPLIED", description="The proposed value was applied.")
    DISMISSED = strawberry.enum_value("DISMISSED", description="Dismissed, with a reason.")
    PENDING_DELIVERY = strawberry.enum_value(
        "PENDING_DELIVERY",
        description="A region-owned group's: waits in the outbox until the region takes it.",
    )
    DELIVERED = strawberry.enum_value(
        "DELIVERED", description="The owning region has it; its people decide."
    )
    REFUSED = strawberry.enum_value(
        "REFUSED", description="The owning region would not take it (see `reason`)."
    )


@strawberry.type(description="How forwarding a correction to its region went.")
class CorrectionDelivery:
    attempts: int = strawberry.field(description="Deliveries tried so far.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next one is due (null once delivered or refused)."
    )
    delivered_at: datetime | None = strawberry.field(description="When the region took it.")
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")


@strawberry.type(description="A correction someone reported for a field of an object.")
class Correction:
    key: strawberry.Private[int]
    id: strawberry.ID = strawberry.field(description="Global id of the correction.")
    subject_id: strawberry.ID = strawberry.field(description="The object it is about.")
    subject_type: str = strawberry.field(description="Its type, e.g. Group.")
    owner: str = strawberry.field(
        description="Who owns the object: `nakos` (the registry) or the region's code."
    )
    region: str | None = strawberry.field(description="The object's Land (null: nationwide).")
    field: str = strawberry.field(description="The field said to be wrong, e.g. `officePhone`.")
    proposed_value: str = strawberry.field(description="The value proposed instead.")
    note: str | None = strawberry.field(description="The reporter's note.")
    state: CorrectionState = strawberry.field(description="Where it stands.")
    version: int = strawberry.field(description="Name it as `expectedVersion` to decide on it.")
    reported_at: datetime = strawberry.field(description="When it was reported.")
    decided_at: datetime | None = strawberry.field(
        description="When it was applied, dismissed, delivered or refused."
    )
    reason: str | None = strawberry.field(description="Why it was dismissed or refused.")
    delivery: CorrectionDelivery | None = strawberry.field(
        description="For a region-owned group: how forwarding it went (null otherwise)."
    )

    @classmethod
    def from_row(cls, row: Any) -> Correction:
        m = row._mapping
        delivery = None
        if m.get("outbox_id") is not None:
            delivery = CorrectionDelivery(
                attempts=m["attempts"],
                next_attempt_at=m["next_attempt_at"],
                delivered_at=m["delivered_at"],
                last_error=m["last_error"],
            )
        return cls(
            key=m["id"],
            id=strawberry.ID(encode_id("Correction", SOURCE, m["id"])),
            subject_id=strawberry.ID(m["subject_id"]),
            subject_type=m["subject_type"],
            owner=m["source"],
            region=m["region_code"],
            field=m["field"],
            proposed_value=m["proposed_value"],
            note=m["note"],
            state=CorrectionState(m["state"]),
            version=m["version"],
            reported_at=m["reported_at"],
            decided_at=m["decided_at"],
            reason=m["reason"],
            delivery=delivery,
        )
