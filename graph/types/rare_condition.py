"""A person with a rare condition looking for peers ("blue" address), and the condition."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from regions.registry import SOURCE

from ..ids import encode_id
from ..permissions import access_field, protected
from ..protected import RARE_CONDITION_PERSON
from .common import Address, Provenance
from .enums import SeekerRole
from .node import Node
from .organisation import Organisation
from .region import Region
from .topic import Topic


@strawberry.type(description="A rare condition, with its names and, where known, its ORPHA code.")
class RareCondition:
    key: strawberry.Private[int]
    topic_key: strawberry.Private[int | None]
    nationwide_contact_key: strawberry.Private[int | None]
    name: str = strawberry.field(description="German name of the condition.")
    orpha_code: int | None = strawberry.field(description="Orphanet ORPHA number, where known.")
    synonyms: list[str] = strawberry.field(description="Other names of the condition.")

    @classmethod
    def from_row(cls, row: Any) -> RareCondition:
        names = [name for name in row.synonyms.split("|") if name]
        return cls(
            key=row.id,
            topic_key=row.topic_id,
            nationwide_contact_key=row.nationwide_contact_id,
            name=row.name,
            orpha_code=row.orpha_code,
            synonyms=names,
        )

    @strawberry.field(description="The topic of the taxonomy the condition belongs to.")
    async def topic(self, info: Info) -> Topic | None:
        if self.topic_key is None:
            return None
        return await info.context.loaders.topic_by_id.load(self.topic_key)

    @strawberry.field(
        description="The green-list (nationwide) organisations that cover this condition: they "
        "carry its own, specific topic. Where there is one, the blue list takes no entry for the "
        "condition (help exists there). Empty when none does."
    )
    async def organisations(self, info: Info) -> list[Organisation]:
        return await info.context.loaders.organisations_covering_condition.load(self.key)

    @strawberry.field(
        description="The person who is the nationwide contact for this condition, as their "
        "(public) entry; null when there is none, it expired, or they withdrew that consent."
    )
    async def nationwide_contact(self, info: Info) -> RareConditionSearch | None:
        if self.nationwide_contact_key is None:
            return None
        entry = await info.context.loaders.rare_condition_search_by_id.load(
            self.nationwide_contact_key
        )
        return entry if entry is not None and entry.consent_nationwide else None


@strawberry.type(description="The person behind a search entry. Health data (GDPR art. 9).")
class RareConditionPerson:
    name: str | None = strawberry.field(description="Full name.")
    email: str | None = strawberry.field(description="Email address.")
    phone: str | None = strawberry.field(description="Phone number.")
    address: Address | None = strawberry.field(description="Postal address.")

    @classmethod
    def from_row(cls, row: Any) -> RareConditionPerson:
        return cls(
            name=row.name,
            email=row.email,
            phone=row.phone,
            address=Address(
                street=row.street, postal_code=row.postal_code, city=row.city, location=None
            ),
        )


@strawberry.type(description="Someone affected by a rare condition, or a relative, seeking peers.")
class RareConditionSearch(Node):
    key: strawberry.Private[int]
    condition_key: strawberry.Private[int]
    region_code: strawberry.Private[str | None]
    consent_to_partners: strawberry.Private[bool]
    consent_nationwide: strawberry.Private[bool]
    seeking: str = strawberry.field(description="What the person is looking for, in German.")
    seeker_role: SeekerRole = strawberry.field(description="Affected person or relative.")
    since: date = strawberry.field(description="When the entry was made.")
    expires_on: date = strawberry.field(description="The entry is removed unless renewed by then.")
    provenance: Provenance = strawberry.field(description="Source and currency of this record.")

    @classmethod
    def from_row(cls, row: Any) -> RareConditionSearch:
        return cls(
            id=strawberry.ID(encode_id("RareConditionSearch", SOURCE, row.id)),
            key=row.id,
            condition_key=row.condition_id,
            region_code=row.region_code,
            consent_to_partners=row.consent_to_partners,
            consent_nationwide=row.consent_nationwide,
            seeking=row.seeking,
            seeker_role=SeekerRole.of(row.seeker_role),
            since=row.since,
            expires_on=row.expires_on,
            provenance=Provenance.from_row(row),
        )

    @strawberry.field(description="The condition the person has or cares for.")
    async def condition(self, info: Info) -> RareCondition:
        return await info.context.loaders.rare_condition_by_id.load(self.condition_key)

    @strawberry.field(description="The Land the person lives in, where given.")
    async def region(self, info: Info) -> Region | None:
        if self.region_code is None:
            return None
        return await info.context.loaders.region_by_code.load(self.region_code)

    contact_access = access_field(RARE_CONDITION_PERSON)

    @protected(RARE_CONDITION_PERSON)
    async def person(self, info: Info) -> RareConditionPerson | None:
        return await info.context.loaders.person_by_search.load(self.key)
