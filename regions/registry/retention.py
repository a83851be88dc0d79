"""Retention: each class of data is deleted, for real, once its period is over, unless a
legal hold is set on the record.

`run` is idempotent and safe to start twice at once (a Kubernetes CronJob may overlap): every
deletion is conditioned per row (what is already gone is not found again, and counts come
from the rows actually changed), on PostgreSQL a transaction-level advisory lock lets one run
work while another exits at once, and on SQLite the database's write lock serialises them.
Everything of one run is one transaction, with its change-log entry (counts per class).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.registry.models import (
    ChangeLogEntry,
    ContactRequest,
    Correction,
    Disclosure,
    Group,
    GroupContact,
    GroupRegistration,
    LegalHold,
    MutationResult,
    OutboxMessage,
    RareCondition,
    RareConditionPerson,
    RareConditionSearch,
)
from regions.registry.store import versions
from regions.registry.store.changes import log_change
from regions.sources.vocabulary import GroupStatus, ReviewState

LOCK_KEY = 7_310_013  # pg advisory lock of `shg retention run` (issue 13)
entries = RareConditionSearch.__table__
persons = RareConditionPerson.__table__
conditions = RareCondition.__table__
groups = Group.__table__
group_contacts = GroupContact.__table__
registrations = GroupRegistration.__table__
corrections = Correction.__table__
outbox = OutboxMessage.__table__
results = MutationResult.__table__
disclosures = Disclosure.__table__
change_log = ChangeLogEntry.__table__
holds = LegalHold.__table__
contact_requests = ContactRequest.__table__
RARE_INDEX = "search_rare_condition_searches"
# the change log's subject of every run: the global id of "Retention:nakos:run" (graph/ids.py)
SUBJECT = base64.urlsafe_b64encode(b"Retention:nakos:run").rstrip(b"=").decode("ascii")
DECIDED = ("APPLIED", "DISMISSED", "DELIVERED", "REFUSED")


@dataclass(frozen=True)
class Policy:
    """Days each class is kept (SHG_RETENTION_* settings; README, *Retention*)."""

    rare_expired: int = 30
    rare_rejected: int = 90
    registrations_rejected: int = 90
    registrations_withdrawn: int = 30
    ended_group_contacts: int = 180
    correction_values: int = 90
    outbox_done: int = 30
    idempotency_records: int = 30
    disclosures: int = 730
    change_log: int = 730
    contact_requests: int = 30


def held(subject_type: str, key: ColumnElement[Any]) -> ColumnElement[bool]:
    h = holds.c
    return exists().where(
        h.subject_type == subject_type, h.subject_key == key, h.cleared_at.is_(None)
    )


def held_id(global_id: ColumnElement[Any]) -> ColumnElement[bool]:
    h = holds.c
    return exists().where(h.subject_id == global_id, h.cleared_at.is_(None))


Delete = Callable[[AsyncConnection, list[Any]], Awaitable[int]]


@dataclass(frozen=True)
class RetentionClass:
    name: str
    reason: str
    candidates: Callable[[datetime, Policy], Select[Any]]
    delete: Delete


# --- rare-condition entries: the person's data (health data, GDPR art. 9) ---------------------


def _rare_personal() -> ColumnElement[bool]:
    """The entry still holds something personal."""
    return or_(
        exists().where(persons.c.search_id == entries.c.id),
        entries.c.seeking != "",
        entries.c.region_code.is_not(None),
        entries.c.management_key_hash.is_not(None),
    )


def _rare_expired(now: datetime, p: Policy) -> Select[Any]:
    cutoff = now.date() - timedelta(days=p.rare_expired)
    return select(entries.c.id).where(
        entries.c.expires_on < cutoff,
        _rare_personal(),
        ~held("RareConditionSearch", entries.c.id),
    )


def _rare_rejected(now: datetime, p: Policy) -> Select[Any]:
    return select(entries.c.id).where(
        entries.c.review_state == ReviewState.REJECTED,
        entries.c.decided_at < now - timedelta(days=p.rare_rejected),
        _rare_personal(),
        ~held("RareConditionSearch", entries.c.id),
    )


async def erase_rare_entries(conn: AsyncConnection, keys: list[Any]) -> int:
    """The person's row, the free text, the Land, the key and the search-index row of these
    entries; the entry's skeleton (condition, dates, state) stays, holding nobody."""
    if not keys:
        return 0
    await conn.execute(delete(persons).where(persons.c.search_id.in_(keys)))
    changed = await conn.execute(
        update(entries)
        .where(entries.c.id.in_(keys), _rare_personal())
        .values(seeking="", region_code=None, management_key_hash=None)
    )
    await conn.execute(
        text(f"DELETE FROM {RARE_INDEX} WHERE key IN ({','.join(str(int(k)) for k in keys)})")
    )
    await conn.execute(
        update(conditions)
        .where(conditions.c.nationwide_contact_id.in_(keys))
        .values(nationwide_contact_id=None)
    )
    return int(changed.rowcount)


# --- group contacts: rejected, withdrawn registrations; ended groups ------------------------


def _contacts_of(where: ColumnElement[bool], with_registration: bool) -> Select[Any]:
    stmt = select(groups.c.id).where(
        where,
        exists().where(group_contacts.c.group_id == groups.c.id),
        ~held("Group", groups.c.id),
    )
    if with_registration:
        stmt = stmt.join(registrations, registrations.c.group_id == groups.c.id)
    return stmt


def _registrations_rejected(now: datetime, p: Policy) -> Select[Any]:
    cutoff = now - timedelta(days=p.registrations_rejected)
    return _contacts_of(
        and_(groups.c.review_state == ReviewState.REJECTED, registrations.c.decided_at < cutoff),
        True,
    )


def _registrations_withdrawn(now: datetime, p: Policy) -> Select[Any]:
    cutoff = now - timedelta(days=p.registrations_withdrawn)
    return _contacts_of(
        and_(groups.c.review_state == ReviewState.WITHDRAWN, registrations.c.withdrawn_at < cutoff),
        True,
    )


def _ended_groups(now: datetime, p: Policy) -> Select[Any]:
    cutoff = now - timedelta(days=p.ended_group_contacts)
    return _contacts_of(
        and_(groups.c.status == GroupStatus.ENDED, groups.c.updated_at < cutoff), False
    )


async def delete_group_contacts(conn: AsyncConnection, keys: list[Any]) -> int:
    if not keys:
        return 0
    done = await conn.execute(delete(group_contacts).where(group_contacts.c.group_id.in_(keys)))
    return int(done.rowcount)


# --- corrections' proposed values and notes; delivered outbox rows --------------------------


def _correction_values(now: datetime, p: Policy) -> Select[Any]:
    c = corrections.c
    return select(c.id).where(
        c.state.in_(DECIDED),
        func.coalesce(c.decided_at, c.reported_at) < now - timedelta(days=p.correction_values),
        or_(c.proposed_value != "", c.note.is_not(None)),
        ~held("Correction", c.id),
    )


async def clear_correction_values(conn: AsyncConnection, keys: list[Any]) -> int:
    if not keys:
        return 0
    c = corrections.c
    done = await conn.execute(
        update(corrections)
        .where(c.id.in_(keys), or_(c.proposed_value != "", c.note.is_not(None)))
        .values(proposed_value="", note=None)
    )
    return int(done.rowcount)


def _outbox_done(now: datetime, p: Policy) -> Select[Any]:
    o = outbox.c
    cutoff = now - timedelta(days=p.outbox_done)
    return select(o.id).where(
        or_(o.delivered_at < cutoff, o.failed_at < cutoff),
        ~exists().where(corrections.c.outbox_id == o.id, held("Correction", corrections.c.id)),
    )


async def delete_outbox_rows(conn: AsyncConnection, keys: list[Any]) -> int:
    if not keys:
        return 0
    await conn.execute(
        update(corrections).where(corrections.c.outbox_id.in_(keys)).values(outbox_id=None)
    )
    done = await conn.execute(delete(outbox).where(outbox.c.id.in_(keys)))
    return int(done.rowcount)


# --- contact requests: the sender's address, its digest and the message ----------------------


def _contact_requests(now: datetime, p: Policy) -> Select[Any]:
    r = contact_requests.c
    return select(r.id).where(
        r.created_at < now - timedelta(days=p.contact_requests),
        or_(r.reply_to.is_not(None), r.message.is_not(None), r.sender_hash.is_not(None)),
    )


async def erase_contact_requests(conn: AsyncConnection, keys: list[Any]) -> int:
    """The sender's data goes; the delivery record (status, attempts, times) stays. A request
    still unsent after the period is given up (failed): there is nothing left to send."""
    if not keys:
        return 0
    r = contact_requests.c
    now = datetime.now(UTC)
    await conn.execute(
        update(contact_requests)
        .where(r.id.in_(keys), r.sent_at.is_(None), r.failed_at.is_(None))
        .values(failed_at=now, next_attempt_at=None, last_error="erased before delivery")
    )
    done = await conn.execute(
        update(contact_requests)
        .where(
            r.id.in_(keys),
            or_(r.reply_to.is_not(None), r.message.is_not(None), r.sender_hash.is_not(None)),
        )
        .values(reply_to=None, message=None, sender_hash=None, erased_at=now)
    )
    return int(done.rowcount)


# --- idempotency records (they hold the client's address), the logs --------------------------


def _idempotency(now: datetime, p: Policy) -> Select[Any]:
    return select(results.c.id).where(results.c.at < now - timedelta(days=p.idempotency_records))


def _disclosures(now: datetime, p: Policy) -> Select[Any]:
    d = disclosures.c
    return select(d.id).where(
        d.disclosed_at < now - timedelta(days=p.disclosures), ~held_id(d.object_id)
    )


def _change_log(now: datetime, p: Policy) -> Select[Any]:
    c = change_log.c
    return select(c.id).where(c.at < now - timedelta(days=p.change_log), ~held_id(c.subject_id))


def _deleting(table: Any) -> Delete:
    async def run(conn: AsyncConnection, keys: list[Any]) -> int:
        if not keys:
            return 0
        done = await conn.execute(delete(table).where(table.c.id.in_(keys)))
        return int(done.rowcount)

    return run


CLASSES: tuple[RetentionClass, ...] = (
    RetentionClass(
        "contact_requests",
        "contact requests: the sender's address (and its digest) and message; the delivery "
        "record stays",
        _contact_requests,
        erase_contact_requests,
    ),
    RetentionClass(
        "rare_expired",
        "expired rare-condition entries: health data, no purpose once the entry is not shown; "
        "30 days leave time to renew",
        _rare_expired,
        erase_rare_entries,
    ),
    RetentionClass(
        "rare_rejected",
        "rejected rare-condition submissions: kept to answer the person's questions about it",
        _rare_rejected,
        erase_rare_entries,
    ),
    RetentionClass(
        "registrations_rejected",
        "contact persons of rejected group registrations: kept to answer an objection",
        _registrations_rejected,
        delete_group_contacts,
    ),
    RetentionClass(
        "registrations_withdrawn",
        "contact persons of registrations the group withdrew: nothing left to do with them",
        _registrations_withdrawn,
        delete_group_contacts,
    ),
    RetentionClass(
        "ended_group_contacts",
        "contact persons of ended groups: kept for members' questions after the end",
        _ended_groups,
        delete_group_contacts,
    ),
    RetentionClass(
        "correction_values",
        "proposed values and notes of decided corrections (they may hold personal data)",
        _correction_values,
        clear_correction_values,
    ),
    RetentionClass(
        "outbox_done",
        "delivered or refused outbox rows (their payload repeats the correction)",
        _outbox_done,
        delete_outbox_rows,
    ),
    RetentionClass(
        "idempotency_records",
        "remembered mutation results: they hold the client's address; retries come within minutes",
        _idempotency,
        _deleting(results),
    ),
    RetentionClass(
        "disclosures",
        "the disclosure log: two years to answer who saw what (complaints, audits)",
        _disclosures,
        _deleting(disclosures),
    ),
    RetentionClass(
        "change_log",
        "the change log: two years, as the disclosure log",
        _change_log,
        _deleting(change_log),
    ),
)


@dataclass
class Report:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    keys: dict[str, list[Any]] = field(default_factory=dict)
    skipped: bool = False  # another run held the lock


async def _locked(conn: AsyncConnection) -> bool:
    if conn.dialect.name != "postgresql":
        return True  # SQLite: a second writer at once fails as a whole ("locked"), nothing half
    got = await conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    return bool(got.scalar())


async def run(
    engine: AsyncEngine, policy: Policy, now: datetime, *, dry_run: bool = False
) -> Report:
    """Delete what each class's period is over for (or, dry, list it), in one transaction
    with one change-log entry of the counts per class."""
    report = Report(dry_run=dry_run)
    async with engine.begin() as conn:
        if not await _locked(conn):
            report.skipped = True
            return report
        for cls in CLASSES:
            keys = sorted(set((await conn.execute(cls.candidates(now, policy))).scalars()))
            report.keys[cls.name] = keys
            report.counts[cls.name] = len(keys) if dry_run else await cls.delete(conn, keys)
        if not dry_run:
            await log_change(conn, log_entry(report, now))
            await versions.bump(conn)
    return report


def log_entry(report: Report, now: datetime) -> dict[str, Any]:
    return {
        "at": now,
        "request_id": uuid.uuid4().hex,
        "token_id": None,
        "actor": "shg retention run",
        "caller_kind": "system",
        "purpose": None,
        "subject_id": SUBJECT,
        "action": "retentionRun",
        "fields": {name: {"old": None, "new": n} for name, n in report.counts.items()},
    }
