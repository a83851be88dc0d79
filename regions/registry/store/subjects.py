"""The registry's records about one person (a data-subject request), and their erasure.

Every table holding personal data: the people behind rare-condition entries (with their entry:
health data), contact persons of groups (with the group's registration state, if it registered
online), of organisations and staff of contact points, corrections whose proposed value or note
names them, and erasures still owed to a region (the outbox). Matching: regions.sources.subjects
(a SQL prefilter, then exact in Python). The change log holds no personal value (`<set>`), and
the disclosure audit only object ids: neither is matched here (the graph reads the disclosures
of the objects found).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from regions.registry.models import (
    ContactPoint,
    ContactPointStaff,
    Correction,
    Disclosure,
    Group,
    GroupContact,
    GroupRegistration,
    Organisation,
    OrganisationContact,
    OutboxMessage,
    RareCondition,
    RareConditionPerson,
    RareConditionSearch,
)
from regions.registry.models.consent import ConsentSubject
from regions.registry.store import consents
from regions.sources.subjects import SubjectMatch, SubjectRecord

# The records whose persons may have consented, by the kind the report names them with.
CONSENT_SUBJECTS = {
    "rare_condition_entry": ConsentSubject.RARE_CONDITION_ENTRY,
    "organisation_contact": ConsentSubject.ORGANISATION_CONTACT,
    "contact_point_staff": ConsentSubject.CONTACT_POINT_STAFF,
}


def consent_subjects(found: list[SubjectRecord]) -> dict[ConsentSubject, list[int]]:
    """The found records that can hold consents, as consent subjects."""
    subjects: dict[ConsentSubject, list[int]] = {}
    for record in found:
        if record.kind in CONSENT_SUBJECTS:
            subjects.setdefault(CONSENT_SUBJECTS[record.kind], []).append(int(record.key))
    return subjects


ERASE_OPERATION = "erase_subject"
RARE_INDEX = "search_rare_condition_searches"

persons = RareConditionPerson.__table__
searches = RareConditionSearch.__table__
conditions = RareCondition.__table__
group_contacts = GroupContact.__table__
groups = Group.__table__
registrations = GroupRegistration.__table__
organisation_contacts = OrganisationContact.__table__
organisations = Organisation.__table__
staff = ContactPointStaff.__table__
contact_points = ContactPoint.__table__
corrections = Correction.__table__
outbox = OutboxMessage.__table__

# the registry's kinds of record, in the order a report lists them
KINDS = (
    "rare_condition_entry",
    "group_contact",
    "organisation_contact",
    "contact_point_staff",
    "correction",
    "pending_region_erasure",
)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _enum(value: Any) -> Any:
    return getattr(value, "value", value)


async def _rare_entries(conn: AsyncConnection, m: SubjectMatch) -> list[SubjectRecord]:
    p, s, c = persons.c, searches.c, conditions.c
    stmt = (
        select(
            persons, s.condition_id, s.seeking, s.seeker_role, s.region_code, s.since, s.expires_on
        )
        .add_columns(c.name.label("condition"), c.orpha_code)
        .join(searches, s.id == p.search_id)
        .join(conditions, c.id == s.condition_id)
        .where(m.prefilter(email=p.email, phone=p.phone, name=p.name))
        .order_by(p.search_id)
    )
    found = []
    for r in (await conn.execute(stmt)).all():
        on = m.matched_on(email=r.email, phone=r.phone, name=r.name)
        if not on:
            continue
        fields = {
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
            "street": r.street,
            "postalCode": r.postal_code,
            "city": r.city,
            "condition": r.condition,
            "orphaCode": r.orpha_code,
            "seeking": r.seeking,
            "role": _enum(r.seeker_role),
            "region": r.region_code,
            "since": _iso(r.since),
            "expiresOn": _iso(r.expires_on),
        }
        found.append(
            SubjectRecord("rare_condition_entry", str(r.search_id), None, fields, tuple(on))
        )
    return found


async def _group_contacts(conn: AsyncConnection, m: SubjectMatch) -> list[SubjectRecord]:
    gc, g, reg = group_contacts.c, groups.c, registrations.c
    stmt = (
        select(group_contacts, g.name.label("group_name"), g.review_state, g.region_code)
        .add_columns(reg.submitted_at, reg.notice_version, reg.withdrawn_at)
        .join(groups, g.id == gc.group_id)
        .outerjoin(registrations, reg.group_id == gc.group_id)
        .where(m.prefilter(email=gc.email, phone=gc.phone, name=gc.name))
        .order_by(gc.group_id)
    )
    found = []
    for r in (await conn.execute(stmt)).all():
        on = m.matched_on(email=r.email, phone=r.phone, name=r.name)
        if not on:
            continue
        fields = {
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
            "meetingLink": r.meeting_link,
            "group": r.group_name,
            "reviewState": _enum(r.review_state),
            "region": r.region_code,
            "registration": None
            if r.submitted_at is None
            else {
                "submittedAt": _iso(r.submitted_at),
                "noticeVersion": r.notice_version,
                "withdrawnAt": _iso(r.withdrawn_at),
            },
        }
        found.append(
            SubjectRecord("group_contact", str(r.group_id), str(r.group_id), fields, tuple(on))
        )
    return found


async def _people_of(
    conn: AsyncConnection, m: SubjectMatch, kind: str, table: Any, owner: Any, owner_key: str
) -> list[SubjectRecord]:
    t, o = table.c, owner.c
    stmt = (
        select(table, o.name.label("owner_name"))
        .join(owner, o.id == t[owner_key])
        .where(m.prefilter(email=t.email, phone=t.phone, name=t.name))
        .order_by(t.id)
    )
    found = []
    for r in (await conn.execute(stmt)).all():
        on = m.matched_on(email=r.email, phone=r.phone, name=r.name)
        if on:
            fields = {"name": r.name, "role": r.role, "email": r.email, "phone": r.phone}
            fields["of"] = r.owner_name
            owner_id = str(r._mapping[owner_key])
            found.append(SubjectRecord(kind, str(r.id), owner_id, fields, tuple(on)))
    return found


async def _corrections(conn: AsyncConnection, m: SubjectMatch) -> list[SubjectRecord]:
    k = corrections.c
    stmt = select(corrections).where(m.text_prefilter(k.proposed_value, k.note)).order_by(k.id)
    found = []
    for r in (await conn.execute(stmt)).all():
        on = m.mentioned_in(r.proposed_value, r.note)
        if on:
            fields = {
                "subjectId": r.subject_id,
                "field": r.field,
                "proposedValue": r.proposed_value,
                "note": r.note,
                "state": r.state,
                "reportedAt": _iso(r.reported_at),
                "owner": r.source,
            }
            found.append(SubjectRecord("correction", str(r.id), r.subject_id, fields, tuple(on)))
    return found


async def _pending_erasures(conn: AsyncConnection, m: SubjectMatch) -> list[SubjectRecord]:
    """Erasures of this person still owed to a region: the outbox keeps their identifiers
    until the region has them (then only the region's counts are kept)."""
    o = outbox.c
    stmt = (
        select(o.id, o.region, o.payload, o.created_at, o.attempts, o.last_error)
        .where(o.operation == ERASE_OPERATION, o.delivered_at.is_(None), o.failed_at.is_(None))
        .order_by(o.id)
    )
    found = []
    for r in (await conn.execute(stmt)).all():
        if SubjectMatch.from_dict(r.payload.get("match") or {}) == m:
            fields = {
                "region": r.region,
                "createdAt": _iso(r.created_at),
                "attempts": r.attempts,
                "lastError": r.last_error,
            }
            found.append(
                SubjectRecord(
                    "pending_region_erasure",
                    str(r.id),
                    r.region,
                    fields,
                    ("email", "phone", "name"),
                )
            )
    return found


async def records(conn: AsyncConnection, m: SubjectMatch) -> list[SubjectRecord]:
    """Every registry record about the person, in KINDS order (one statement per kind)."""
    return [
        *await _rare_entries(conn, m),
        *await _group_contacts(conn, m),
        *await _people_of(
            conn, m, "organisation_contact", organisation_contacts, organisations, "organisation_id"
        ),
        *await _people_of(
            conn, m, "contact_point_staff", staff, contact_points, "contact_point_id"
        ),
        *await _corrections(conn, m),
        *await _pending_erasures(conn, m),
    ]


@dataclass
class Erased:
    """What the registry deleted, per kind; and the rare-condition entries, whose corrections
    the graph deletes by their global ids."""

    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS[:-1], 0))
    rare_entries: list[int] = field(default_factory=list)


async def erase(conn: AsyncConnection, found: list[SubjectRecord]) -> Erased:
    """Delete these records for real, in the caller's transaction: a rare-condition entry
    whole (the person, the entry and its search document: it is their health data), a contact
    person's or staff member's row, a correction naming them (with its outbox row, whose
    payload repeats the proposed value). Groups, organisations and contact points stay."""
    erased = Erased()
    keys: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for record in found:
        keys[record.kind].append(int(record.key))
    rare = keys["rare_condition_entry"]
    if rare:
        await conn.execute(delete(persons).where(persons.c.search_id.in_(rare)))
        for key in rare:  # FTS5 tables take one key per statement best
            await conn.execute(text(f"DELETE FROM {RARE_INDEX} WHERE key = :key"), {"key": key})
        await conn.execute(delete(searches).where(searches.c.id.in_(rare)))
        await conn.execute(
            update(conditions)
            .where(conditions.c.nationwide_contact_id.in_(rare))
            .values(nationwide_contact_id=None)
        )
        erased.rare_entries = rare
    for kind, subject in CONSENT_SUBJECTS.items():
        await consents.delete_of(conn, subject, keys[kind])
    tables = {
        "group_contact": (group_contacts, group_contacts.c.group_id),
        "organisation_contact": (organisation_contacts, organisation_contacts.c.id),
        "contact_point_staff": (staff, staff.c.id),
    }
    for kind, (table, key) in tables.items():
        if keys[kind]:
            await conn.execute(delete(table).where(key.in_(keys[kind])))
    await delete_corrections(conn, keys["correction"])
    for kind in KINDS[:-1]:
        erased.deleted[kind] = len(keys[kind])
    return erased


async def delete_corrections(conn: AsyncConnection, ids: list[int]) -> int:
    """Corrections and the outbox rows that forward them (their payload holds the value)."""
    if not ids:
        return 0
    k = corrections.c
    linked = select(k.outbox_id).where(k.id.in_(ids), k.outbox_id.is_not(None))
    owed = [row[0] for row in (await conn.execute(linked)).all()]
    await conn.execute(delete(corrections).where(k.id.in_(ids)))
    if owed:
        await conn.execute(delete(outbox).where(outbox.c.id.in_(owed)))
    return len(ids)


async def corrections_about(conn: AsyncConnection, subject_ids: list[str]) -> list[int]:
    """Corrections reported about these objects (an erased rare-condition entry's)."""
    if not subject_ids:
        return []
    stmt = select(corrections.c.id).where(corrections.c.subject_id.in_(subject_ids))
    return [row[0] for row in (await conn.execute(stmt)).all()]


async def disclosures_of(conn: AsyncConnection, object_ids: list[str]) -> list[dict[str, Any]]:
    """Who was shown the protected data of these objects: when, with which token, for which
    purpose, which field (the disclosure audit), oldest first."""
    if not object_ids:
        return []
    d = Disclosure.__table__.c
    stmt = (
        select(Disclosure.__table__).where(d.object_id.in_(sorted(set(object_ids)))).order_by(d.id)
    )
    return [
        {
            "at": _iso(r.disclosed_at),
            "objectId": r.object_id,
            "field": r.field,
            "partner": r.partner,
            "tokenId": r.token_id,
            "callerKind": r.caller_kind,
            "purpose": r.purpose,
            "region": r.region_code,
            "requestId": r.request_id,
        }
        for r in (await conn.execute(stmt)).all()
    ]
