"""`updateOrganisation`: national staff keep a nationwide organisation's public data current."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.store import maintenance as store
from regions.registry.store.documents import refresh

from ..auth.scopes import REGISTRY_WRITE
from ..errors import Forbidden
from ..types.organisation import Organisation
from ..writers import national
from .base import INPUT, Change, MutationErrorCode, Payload, check_client_mutation_id
from .checks import Checks
from .maintenance import changed, edit, registry_key, save, subject_id


@strawberry.input(description="What changes; a field left out stays as it is, null clears it.")
class UpdateOrganisationInput:
    id: strawberry.ID = strawberry.field(description="The organisation.")
    expected_version: int = strawberry.field(description="The `version` read.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="At most 200.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="At most 4000."
    )
    website: str | None = strawberry.field(default=strawberry.UNSET, description="Website.")
    street: str | None = strawberry.field(default=strawberry.UNSET, description="Street.")
    postal_code: str | None = strawberry.field(default=strawberry.UNSET, description="5 digits.")
    city: str | None = strawberry.field(default=strawberry.UNSET, description="Town.")
    office_phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="Public office phone."
    )
    office_email: str | None = strawberry.field(
        default=strawberry.UNSET, description="Public office email."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The organisation as it is now.")
class UpdateOrganisationPayload(Payload):
    organisation: Organisation | None = strawberry.field(default=None, description="It, now.")


def given(value: Any) -> bool:
    return value is not strawberry.UNSET


def check(data: UpdateOrganisationInput, checks: Checks) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if given(data.name):
        out["name"] = checks.text("name", data.name, 200, required=True)
    if given(data.description):
        out["description"] = checks.text("description", data.description, 4000) or ""
    if given(data.website):
        out["website"] = checks.url("website", data.website)
    if given(data.street):
        out["street"] = checks.text("street", data.street, 120)
    if given(data.postal_code):
        code = checks.text("postalCode", data.postal_code, 5)
        if code is not None and not (code.isascii() and code.isdigit() and len(code) == 5):
            checks.add("postalCode", MutationErrorCode.INVALID, "five digits")
        out["postal_code"] = code
    if given(data.city):
        out["city"] = checks.text("city", data.city, 80)
    if given(data.office_phone):
        out["office_phone"] = checks.phone("officePhone", data.office_phone)
    if given(data.office_email):
        out["office_email"] = checks.email("officeEmail", data.office_email)
    return out


NAMES = {"postal_code": "postalCode", "office_phone": "officePhone", "office_email": "officeEmail"}


@strawberry.type
class UpdateOrganisation:
    @strawberry.mutation(
        description="Keep a nationwide organisation current. Needs `registry:write` (national "
        "staff); names `expectedVersion`."
    )
    async def update_organisation(
        self, info: Info, input: Annotated[UpdateOrganisationInput, INPUT]
    ) -> UpdateOrganisationPayload:
        if not national(info.context.caller):
            raise Forbidden(
                f"Changing an organisation needs a token with scope '{REGISTRY_WRITE}'.",
                REGISTRY_WRITE,
            )
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        key = registry_key(input.id, "Organisation", checks.errors)
        values = check(input, checks)
        if checks.errors or key is None:
            return UpdateOrganisationPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )

        async def work(conn: AsyncConnection, now: datetime, current: Row[Any]) -> Change:
            fields = changed(current, values, NAMES)
            await save(conn, store.organisations, current, values, now)
            if {"name", "description", "city"} & set(values):
                await refresh(conn, "Organisation", current.id)
            return Change(subject_id("Organisation", current.id), "updateOrganisation", fields)

        outcome = await edit(
            info,
            "updateOrganisation",
            store.organisations,
            "Organisation",
            key,
            input.expected_version,
            input.client_mutation_id,
            work,
            sent=input,
        )
        organisation = None
        if outcome.subject_id is not None:
            organisation = await info.context.loaders.organisation_by_id.load(key)
        return UpdateOrganisationPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            organisation=organisation,
        )
