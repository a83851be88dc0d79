"""`submitRareConditionSearch`: a person with a rare condition (or a relative) asks to be on
the blue list, themselves (anonymous callers too).

The blue list's admission rule is kept: when a green-list organisation covers the condition,
the submission is refused (COVERED_BY_ORGANISATION, naming it; `coveredBy` lists them) so the
person is sent where help exists. Otherwise it lands SUBMITTED (never public before national
staff publish it) with the person's data (protected), their consents as records (channel
SELF_SERVICE, the notice version shown) and, once, a management key (only its sha256 kept).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry import models as m
from regions.registry.store import blue_list, consents
from regions.registry.store import rare_entries as store
from regions.registry.store.rare_conditions import ENTRY
from regions.sources.codes import LAENDER
from regions.sources.vocabulary import ReviewState

from ..types.consent import ConsentScope
from ..types.enums import SeekerRole
from ..types.organisation import Organisation
from ..types.rare_submission import RareConditionSubmission, submission_id
from .base import (
    INPUT,
    Change,
    MutationErrorCode,
    Payload,
    Rejected,
    check_client_mutation_id,
    perform,
    personal,
    problem,
)
from .checks import Checks
from .rare_submission_lookup import load_submission
from .registration_lookup import management_key_hash
from .submit_group_registration import _admit

SEEKING, NOTICE = 2000, 40
LISTED_YEARS = 2


@strawberry.input(description="The condition: by its ORPHA code, or by its name or a synonym.")
class RareConditionRefInput:
    orpha_code: int | None = strawberry.field(default=None, description="Orphanet ORPHA number.")
    name: str | None = strawberry.field(default=None, description="German name or a synonym.")


@strawberry.input(description="The person's contact data (health data context: protected).")
class RareConditionContactInput:
    name: str = strawberry.field(description="Full name; at most 120 characters.")
    email: str = strawberry.field(description="Email address.")
    phone: str | None = strawberry.field(default=None, description="Phone number (optional).")
    street: str | None = strawberry.field(default=None, description="Street (optional).")
    postal_code: str | None = strawberry.field(default=None, description="5 digits (optional).")
    city: str | None = strawberry.field(default=None, description="Town (optional).")


@strawberry.input(description="An entry on the blue list, as the person submits it.")
class SubmitRareConditionSearchInput:
    condition: RareConditionRefInput = strawberry.field(description="The condition.")
    seeking: str = strawberry.field(description="What the person is looking for; at most 2000.")
    seeker_role: SeekerRole = strawberry.field(description="Affected person or relative.")  # type: ignore[valid-type]
    region: str | None = strawberry.field(
        default=None, description="The Land the person lives in (ISO 3166-2), if they say."
    )
    contact: RareConditionContactInput = strawberry.field(description="How to reach the person.")
    consents: list[ConsentScope] = strawberry.field(
        description="What the person consents to: PUBLISH (needed), and optionally "
        "PASS_TO_PARTNERS and NATIONWIDE_CONTACT."
    )
    notice_version: str = strawberry.field(
        description="Version of the data-protection notice the person was shown."
    )
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Makes a retry safe: sent twice, stored once."
    )


@strawberry.type(description="The submission, and once the key to manage it.")
class SubmitRareConditionSearchPayload(Payload):
    submission: RareConditionSubmission | None = strawberry.field(
        default=None, description="The submission (state SUBMITTED); null on errors."
    )
    management_key: str | None = strawberry.field(
        default=None,
        description="Shown once, never again (only its hash is kept): with it the person renews "
        "or withdraws the entry. Null on a retry and on errors.",
    )
    covered_by: list[Organisation] = strawberry.field(
        default_factory=list,
        description="With COVERED_BY_ORGANISATION: the green-list organisations that cover the "
        "condition (help exists there); empty otherwise.",
    )


def check(data: SubmitRareConditionSearchInput) -> tuple[Checks, dict[str, Any]]:
    c = Checks()
    contact = data.contact
    v: dict[str, Any] = {
        "seeking": c.text("seeking", data.seeking, SEEKING, required=True),
        "notice_version": c.text("noticeVersion", data.notice_version, NOTICE, required=True),
        "name": c.text("contact.name", contact.name, 120, required=True),
        "email": c.email("contact.email", contact.email, required=True),
        "phone": c.phone("contact.phone", contact.phone),
        "street": c.text("contact.street", contact.street, 120),
        "postal_code": c.text("contact.postalCode", contact.postal_code, 5),
        "city": c.text("contact.city", contact.city, 80),
    }
    code = v["postal_code"]
    if code is not None and not (code.isascii() and code.isdigit() and len(code) == 5):
        c.add("contact.postalCode", MutationErrorCode.INVALID, "five digits")
    ref = data.condition
    if (ref.orpha_code is None) == (not (ref.name or "").strip()):
        c.add("condition", MutationErrorCode.INVALID, "give either orphaCode or name")
    elif ref.name is not None:
        c.text("condition.name", ref.name, 200, required=True)
    region = (data.region or "").strip().upper() or None
    if region is not None and region not in LAENDER:
        c.add("region", MutationErrorCode.INVALID, "an ISO 3166-2 code such as DE-BY")
    v["region"] = region
    if ConsentScope.PUBLISH not in data.consents:
        c.add("consents", MutationErrorCode.REQUIRED, "PUBLISH: without it there is no entry")
    c.errors += check_client_mutation_id(data.client_mutation_id)
    return c, v


def plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@strawberry.type
class SubmitRareConditionSearch:
    @strawberry.mutation(
        description="Ask to be on the blue list (anyone may; the same quota per address as "
        "group registrations). Refused with COVERED_BY_ORGANISATION when a green-list "
        "organisation covers the condition. Reviewed by national staff; public only once "
        "published."
    )
    async def submit_rare_condition_search(
        self, info: Info, input: Annotated[SubmitRareConditionSearchInput, INPUT]
    ) -> SubmitRareConditionSearchPayload:
        cmid = input.client_mutation_id
        checks, v = check(input)
        if checks.errors:
            return SubmitRareConditionSearchPayload(client_mutation_id=cmid, errors=checks.errors)
        await _admit(info)
        key = secrets.token_urlsafe(32)
        covered: list[Any] = []

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            ref = input.condition
            condition = await store.condition(conn, ref.orpha_code, ref.name)
            if condition is None:
                raise Rejected(
                    problem("condition", MutationErrorCode.UNKNOWN_ID, "no such condition")
                )
            organisations = await blue_list.covering_in(conn, condition.id)
            if organisations:
                covered.extend(organisations)
                names = "; ".join(o.name for o in organisations[:3])
                raise Rejected(
                    problem(
                        "condition",
                        MutationErrorCode.COVERED_BY_ORGANISATION,
                        f"{condition.name} is covered by {names}: please turn to them",
                    )
                )
            today = now.date()
            entry = {
                "condition_id": condition.id,
                "seeking": v["seeking"],
                "seeker_role": input.seeker_role.stored(),
                "region_code": v["region"],
                "since": today,
                "expires_on": plus_years(today, LISTED_YEARS),
                "review_state": ReviewState.SUBMITTED,
                "version": 1,
                "notice_version": v["notice_version"],
                "management_key_hash": management_key_hash(key),
                "submitted_at": now,
                "source": SOURCE,
                "updated_at": now,
            }
            person = {k: v[k] for k in ("name", "email", "phone", "street", "postal_code", "city")}
            entry_key = await store.insert_entry(conn, entry, person)
            scopes = sorted({s.value for s in input.consents})
            given = [
                consents.Given(
                    m.ConsentScope(scope), now, m.ConsentChannel.SELF_SERVICE, v["notice_version"]
                )
                for scope in scopes
            ]
            await consents.record(conn, ENTRY, entry_key, given)
            logged: dict[str, tuple[Any, Any]] = {
                k: (None, entry[k])
                for k in entry
                if k not in ("management_key_hash", "submitted_at", "updated_at", "source")
            }
            logged["seeking"] = (None, personal(entry["seeking"]))  # free text: may name people
            logged |= {f"contact.{k}": (None, personal(person[k])) for k in person}
            logged["consents"] = (None, scopes)
            return Change(submission_id(entry_key), "submitRareConditionSearch", logged)

        outcome = await perform(info, "submitRareConditionSearch", cmid, work, input)
        if outcome.errors:
            return SubmitRareConditionSearchPayload(
                client_mutation_id=cmid,
                errors=outcome.errors,
                covered_by=[Organisation.from_row(o) for o in covered],
            )
        return SubmitRareConditionSearchPayload(
            client_mutation_id=cmid,
            submission=await load_submission(info, outcome.subject_id),
            management_key=None if outcome.replayed else key,
        )
