"""`updateContactPoint`: the office of its Land (or national staff) keeps a contact point current:
office hours and their note ("by appointment"), staff, districts, public phone, email, website."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from regions.registry.store import maintenance as store
from regions.registry.store.documents import refresh

from ..types.contact_point import ContactPoint
from ..types.enums import Weekday
from .base import INPUT, Change, MutationErrorCode, Payload, check_client_mutation_id, personal
from .checks import Checks
from .maintenance import changed, edit, registry_key, save, subject_id

MAX_HOURS = 30
MAX_STAFF = 50
MAX_DISTRICTS = 100


@strawberry.input(description="One opening: a weekday, from and to (local time).")
class OfficeHoursInput:
    weekday: Weekday = strawberry.field(description="The day.")
    opens: time = strawberry.field(description="Opens at, e.g. 09:00.")
    closes: time = strawberry.field(description="Closes at; after `opens`.")


@strawberry.input(description="A named member of staff (personal data, protected).")
class StaffInput:
    name: str = strawberry.field(description="Full name; at most 120 characters.")
    role: str | None = strawberry.field(default=None, description="Role; at most 120.")
    phone: str | None = strawberry.field(default=None, description="Direct phone.")
    email: str | None = strawberry.field(default=None, description="Direct email.")


@strawberry.input(
    description="What changes; a field left out stays as it is, null clears it, a list "
    "replaces the whole list."
)
class UpdateContactPointInput:
    id: strawberry.ID = strawberry.field(description="The contact point.")
    expected_version: int = strawberry.field(description="The `version` read.")
    office_hours: list[OfficeHoursInput] | None = strawberry.field(
        default=strawberry.UNSET, description=f"All office hours (at most {MAX_HOURS})."
    )
    office_hours_note: str | None = strawberry.field(
        default=strawberry.UNSET,
        description='A note on the hours, e.g. "Termine nach Vereinbarung"; at most 200.',
    )
    staff: list[StaffInput] | None = strawberry.field(
        default=strawberry.UNSET, description=f"All named staff (at most {MAX_STAFF})."
    )
    districts: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description=f"Districts served (at most {MAX_DISTRICTS})."
    )
    office_phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="Public office phone."
    )
    office_email: str | None = strawberry.field(
        default=strawberry.UNSET, description="Public office email."
    )
    website: str | None = strawberry.field(default=strawberry.UNSET, description="Website.")
    client_mutation_id: str | None = strawberry.field(default=None, description="Retry key.")


@strawberry.type(description="The contact point as it is now.")
class UpdateContactPointPayload(Payload):
    contact_point: ContactPoint | None = strawberry.field(default=None, description="It, now.")


def given(value: Any) -> bool:
    return value is not strawberry.UNSET


def check(data: UpdateContactPointInput, checks: Checks) -> dict[str, Any]:
    """The checked new values: columns, and the lists under "_hours", "_staff", "_districts"."""
    out: dict[str, Any] = {}
    if given(data.office_phone):
        out["office_phone"] = checks.phone("officePhone", data.office_phone)
    if given(data.office_email):
        out["office_email"] = checks.email("officeEmail", data.office_email)
    if given(data.website):
        out["website"] = checks.url("website", data.website)
    if given(data.office_hours_note):
        out["office_hours_note"] = checks.text("officeHoursNote", data.office_hours_note, 200)
    if given(data.office_hours):
        rows = data.office_hours or []
        if len(rows) > MAX_HOURS:
            checks.add("officeHours", MutationErrorCode.TOO_LONG, f"at most {MAX_HOURS}")
        seen = set()
        for i, h in enumerate(rows):
            if h.opens >= h.closes:
                checks.add(f"officeHours.{i}.closes", MutationErrorCode.INVALID, "after opens")
            if (h.weekday.value, h.opens) in seen:
                checks.add(f"officeHours.{i}", MutationErrorCode.INVALID, "given twice")
            seen.add((h.weekday.value, h.opens))
        out["_hours"] = sorted((h.weekday.value, h.opens, h.closes) for h in rows)
    if given(data.staff):
        people = data.staff or []
        if len(people) > MAX_STAFF:
            checks.add("staff", MutationErrorCode.TOO_LONG, f"at most {MAX_STAFF}")
        out["_staff"] = [
            {
                "name": checks.text(f"staff.{i}.name", p.name, 120, required=True),
                "role": checks.text(f"staff.{i}.role", p.role, 120),
                "phone": checks.phone(f"staff.{i}.phone", p.phone),
                "email": checks.email(f"staff.{i}.email", p.email),
            }
            for i, p in enumerate(people)
        ]
    if given(data.districts):
        names = data.districts or []
        if len(names) > MAX_DISTRICTS:
            checks.add("districts", MutationErrorCode.TOO_LONG, f"at most {MAX_DISTRICTS}")
        cleaned = [
            checks.text(f"districts.{i}", n, 120, required=True) for i, n in enumerate(names)
        ]
        out["_districts"] = sorted({n for n in cleaned if n})
    return out


def _hours_text(rows: list[tuple[int, Any, Any]]) -> list[str]:
    return [f"{Weekday(w).name} {o:%H:%M}-{c:%H:%M}" for w, o, c in rows]


COLUMNS = {
    "office_phone": "officePhone",
    "office_email": "officeEmail",
    "website": "website",
    "office_hours_note": "officeHoursNote",
}


@strawberry.type
class UpdateContactPoint:
    @strawberry.mutation(
        description="Keep a contact point current. Needs `region:<Land>:write` for its Land "
        "(a regional office) or `registry:write` (national staff); names `expectedVersion`."
    )
    async def update_contact_point(
        self, info: Info, input: Annotated[UpdateContactPointInput, INPUT]
    ) -> UpdateContactPointPayload:
        checks = Checks()
        checks.errors += check_client_mutation_id(input.client_mutation_id)
        key = registry_key(input.id, "ContactPoint", checks.errors)
        values = check(input, checks)
        if checks.errors or key is None:
            return UpdateContactPointPayload(
                client_mutation_id=input.client_mutation_id, errors=checks.errors
            )

        async def work(conn: AsyncConnection, now: datetime, current: Row[Any]) -> Change:
            columns = {k: v for k, v in values.items() if not k.startswith("_")}
            fields = changed(current, columns, COLUMNS)
            if "_hours" in values:
                old = await store.office_hours(conn, current.id)
                if old != values["_hours"]:
                    await store.replace_office_hours(conn, current.id, values["_hours"])
                    fields["officeHours"] = (_hours_text(old), _hours_text(values["_hours"]))
            if "_districts" in values:
                old_districts = await store.served(conn, current.id)
                if old_districts != values["_districts"]:
                    await store.replace_districts(conn, current.id, values["_districts"])
                    fields["districts"] = (old_districts, values["_districts"])
            if "_staff" in values:
                old_staff = await store.staff_of(conn, current.id)
                await store.replace_staff(conn, current.id, values["_staff"])
                fields["staff"] = (
                    [personal(p.name) for p in old_staff],
                    [personal(p["name"]) for p in values["_staff"]],
                )
            await save(conn, store.contact_points, current, columns, now)
            if "_districts" in fields or "districts" in fields:
                await refresh(conn, "ContactPoint", current.id)
            return Change(subject_id("ContactPoint", current.id), "updateContactPoint", fields)

        outcome = await edit(
            info,
            "updateContactPoint",
            store.contact_points,
            "ContactPoint",
            key,
            input.expected_version,
            input.client_mutation_id,
            work,
            sent=input,
        )
        point = None
        if outcome.subject_id is not None:
            async with info.context.engine.connect() as conn:
                found = await store.row(conn, store.contact_points, key)
            point = None if found is None else ContactPoint.from_row(found)
        return UpdateContactPointPayload(
            client_mutation_id=input.client_mutation_id, errors=outcome.errors, contact_point=point
        )
