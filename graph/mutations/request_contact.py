"""`requestContact`: anyone writes to a group, a contact point or a rare-condition entry; the
registry emails the message to the protected address without showing it to the sender.

The request is one row of `contact_requests` (its own mail outbox), written with its
change-log entry in the mutation's transaction and sent by the mail deliverer
(regions/registry/contact_delivery.py). Refusals: input problems in `errors` (REQUIRED,
TOO_LONG, INVALID with a reason), NO_CONTACT_ROUTE where `Group.contactRoutes` offers no
MEDIATED route (nothing more is revealed about an address), BLOCKED for a sender reported for
abuse, and the GraphQL error RATE_LIMITED for the limits per sender address and per recipient.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any

import strawberry
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry import SOURCE
from regions.registry.store import contact_requests as store
from regions.sources.protocol import SourceUnavailable
from regions.sources.vocabulary import ContactMode

from ..errors import BadUserInput, RateLimited
from ..ids import decode_id, encode_id, is_number_key
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

SUBJECTS = ("Group", "ContactPoint", "RareConditionSearch")
WINDOW = timedelta(hours=24)
TLDS = "de|com|org|net|info|eu|io|at|ch|me|co|app|online|biz|ru|xyz|ly|gl|to|su|cc|tk|top"
LINK = re.compile(
    rf"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{TLDS})(?:/|\b))"
)


@strawberry.input(description="A message to a group, contact point or rare-condition entry.")
class RequestContactInput:
    subject_id: strawberry.ID = strawberry.field(
        description="Whom to write to: a Group (the registry's or a region's) with a MEDIATED "
        "contact route, a ContactPoint, or a RareConditionSearch entry."
    )
    message: str = strawberry.field(
        description="The message (plain text; at most SHG_CONTACT_MESSAGE_MAX characters; "
        "anonymous senders: no links unless the operator allows them)."
    )
    reply_to: str = strawberry.field(
        description="The sender's email address: the mail's Reply-To, so the recipient "
        "answers directly. Never shown to anyone else; erased after the retention period."
    )
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="A contact request as the sender may see it.")
class ContactRequestReceipt:
    id: strawberry.ID = strawberry.field(description="The request's id.")
    subject_id: strawberry.ID = strawberry.field(description="To whom it was written.")
    created_at: datetime = strawberry.field(description="When it was accepted.")


@strawberry.type(
    description="The request, accepted for delivery by email (never the recipient's address)."
)
class RequestContactPayload(Payload):
    contact_request: ContactRequestReceipt | None = strawberry.field(
        default=None, description="The accepted request (null when refused)."
    )


def sender_digest(address: str) -> str:
    """How a sender is counted and blocked: a digest of the lowered address."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def _subject(checks: Checks, value: str) -> tuple[str, str, str] | None:
    try:
        gid = decode_id(value, "subjectId")
    except BadUserInput:
        checks.add("subjectId", MutationErrorCode.INVALID, "not a valid id")
        return None
    if gid.type_name not in SUBJECTS:
        checks.add(
            "subjectId", MutationErrorCode.INVALID, "a Group, ContactPoint or RareConditionSearch"
        )
        return None
    return gid.type_name, gid.source, gid.key


def _reply_to(checks: Checks, value: str) -> str | None:
    cleaned = checks.text("replyTo", value, 254, required=True)
    if cleaned is None:
        return None
    try:
        return validate_email(cleaned, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        checks.add("replyTo", MutationErrorCode.INVALID, f"not an email address: {exc}")
        return None


def _no_route() -> Rejected:
    return Rejected(
        problem(
            "subjectId",
            MutationErrorCode.NO_CONTACT_ROUTE,
            "no mediated contact route (see contactRoutes)",
        )
    )


async def _region_route(info: Info, code: str, key: str) -> None:
    """A region's group: DIRECT ones are mediated (the region's contact is read when the mail
    is sent); VIA_CONTACT_POINT ones need their contact point's office email. When the region
    is down the request waits for it like any other (it fails on delivery if nothing is
    there)."""
    try:
        found = await info.context.sources[code].by_keys([key])
    except SourceUnavailable:
        return
    group = found.get(key)
    if group is None:
        raise Rejected(problem("subjectId", MutationErrorCode.UNKNOWN_ID, "no such group"))
    if group.contact_mode == ContactMode.VIA_CONTACT_POINT:
        point = group.contact_point_key
        if point is None or await store.office_of(info.context.engine, point) is None:
            raise _no_route()


async def _registry_route(conn: AsyncConnection, type_name: str, key: int, today: date) -> None:
    if type_name == "RareConditionSearch":
        if not await store.entry_shown(conn, key, today):
            raise Rejected(
                problem(
                    "subjectId",
                    MutationErrorCode.NO_CONTACT_ROUTE,
                    "no shown entry with the person's consent",
                )
            )
        return  # whether the person gave an email is not told: without one it fails unsent
    if type_name == "ContactPoint":
        if await store.office_email(conn, key) is None:
            raise _no_route()
        return
    row = await store.registry_group(conn, key)
    if row is None:
        raise Rejected(problem("subjectId", MutationErrorCode.UNKNOWN_ID, "no such group"))
    if await store.recipient_of(conn, row) is None:
        raise _no_route()


def _limited(info: Info, what: str) -> RateLimited:
    wait = int(WINDOW.total_seconds())
    response = info.context.response
    if response is not None:
        response.headers["Retry-After"] = str(wait)
    return RateLimited(f"Too many contact requests {what} in 24 hours.", wait)


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "selbsthilfe-graph.invalid"


@strawberry.type
class RequestContact:
    @strawberry.mutation(
        description="Write to a group, a contact point or a rare-condition entry without a "
        "token: the message is emailed to its protected address (a group reached via its "
        "contact point: to the contact point; an entry: to the person, while they consent to "
        "being listed) with Reply-To the sender, so the recipient answers directly. The "
        "address is never shown. Limits per sender address and per recipient (RATE_LIMITED); "
        "NO_CONTACT_ROUTE where `contactRoutes` offers no MEDIATED route."
    )
    async def request_contact(
        self, info: Info, input: Annotated[RequestContactInput, INPUT]
    ) -> RequestContactPayload:
        settings = info.context.settings
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        subject = _subject(checks, input.subject_id)
        message = checks.text("message", input.message, settings.contact_message_max, required=True)
        reply_to = _reply_to(checks, input.reply_to)
        caller = info.context.caller
        anonymous_links = caller.anonymous and not settings.contact_allow_links
        if message is not None and anonymous_links and LINK.search(message):
            reason = "no links or web addresses (your own address goes in replyTo)"
            checks.add("message", MutationErrorCode.INVALID, reason)
        if subject is not None:
            type_name, source, key = subject
            if source == SOURCE:
                plausible = is_number_key(key)
            else:
                sources = info.context.sources
                plausible = (
                    type_name == "Group" and source in sources and sources[source].valid_key(key)
                )
            if not plausible:
                checks.add("subjectId", MutationErrorCode.UNKNOWN_ID, "no such object")
        if checks.errors:
            return RequestContactPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )
        assert subject is not None and message is not None and reply_to is not None
        type_name, source, key = subject
        subject_id = encode_id(type_name, source, key)
        if source != SOURCE:
            try:
                await _region_route(info, source, key)
            except Rejected as rejected:
                return RequestContactPayload(
                    client_mutation_id=input.client_mutation_id, errors=rejected.errors
                )
        digest = sender_digest(reply_to)

        async def work(conn: AsyncConnection, now: datetime) -> Change:
            if await store.blocked(conn, digest):
                raise Rejected(
                    problem(
                        "replyTo",
                        MutationErrorCode.BLOCKED,
                        "this sender was reported for abuse and may not send requests",
                    )
                )
            if source == SOURCE:
                await _registry_route(conn, type_name, int(key), now.date())
            by_sender, to_recipient = await store.counts(conn, digest, subject_id, now - WINDOW)
            if by_sender >= settings.contact_sender_per_day:
                raise _limited(info, "from this address")
            if to_recipient >= settings.contact_recipient_per_day:
                raise _limited(info, "to this recipient")
            row: dict[str, Any] = {
                "subject_id": subject_id,
                "subject_type": type_name,
                "source": source,
                "subject_key": key,
                "sender_hash": digest,
                "reply_to": reply_to,
                "message": message,
                "message_id": f"<contact.{uuid.uuid4().hex}@{_domain(settings.mail_from)}>",
                "created_at": now,
                "request_id": info.context.request_id,
                "attempts": 0,
                "next_attempt_at": now,
            }
            request_key = await store.insert_request(conn, row)
            fields: dict[str, tuple[Any, Any]] = {
                "subjectId": (None, subject_id),
                "replyTo": (None, personal(reply_to)),
                "message": (None, personal(message)),
            }
            reference = encode_id("ContactRequest", SOURCE, request_key)
            return Change(reference, "requestContact", fields)

        # no query reads contact requests or blocks: the cached answers stay valid
        outcome = await perform(
            info, "requestContact", input.client_mutation_id, work, input, changes_reads=False
        )
        return RequestContactPayload(
            client_mutation_id=input.client_mutation_id,
            errors=outcome.errors,
            contact_request=await load(info, outcome.subject_id),
        )


async def load(info: Info, request_id: str | None) -> ContactRequestReceipt | None:
    if request_id is None:
        return None
    async with info.context.engine.connect() as conn:
        row = await store.request(conn, int(decode_id(request_id).key))
    if row is None:
        return None
    return ContactRequestReceipt(
        id=strawberry.ID(request_id),
        subject_id=strawberry.ID(row.subject_id),
        created_at=row.created_at,
    )
