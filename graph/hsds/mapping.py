"""From the registry's rows and the regions' groups to HSDS 3.0 objects (plain dicts).

Pure functions, no I/O. Every input passes through a `Public...` record first, which holds only
fields the graph shows to anonymous callers: a mapping cannot reach a protected value (group
contacts, meeting links, staff, organisation contacts, rare-condition persons) because it is
never handed one. A withheld meeting place is shown as the graph shows it: its town, nothing
finer (no postal code, no point).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from regions.sources.codes import LAENDER
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

from . import ids

TAXONOMY_NAME = "NAKOS-Themen"
TAXONOMY_KEY = "themen"
SUPPORT_NAME = "Selbsthilfe-Unterstützung"
TIMEZONE_NOTE = "Zeiten in Ortszeit (Europe/Berlin)."

STATUS = {
    GroupStatus.ACTIVE: "active",
    GroupStatus.FOUNDING: "active",
    GroupStatus.PAUSED: "temporarily closed",
    GroupStatus.ENDED: "defunct",
}
AUDIENCE = {
    Audience.AFFECTED: "Für Betroffene.",
    Audience.RELATIVES: "Für Angehörige.",
    Audience.BOTH: "Für Betroffene und Angehörige.",
}
ATTENDING = {
    GroupFormat.IN_PERSON: "vor Ort",
    GroupFormat.DIGITAL: "online",
    GroupFormat.HYBRID: "vor Ort und online",
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "tr": "Türkisch",
    "ar": "Arabisch",
    "ru": "Russisch",
    "pl": "Polnisch",
    "uk": "Ukrainisch",
    "fa": "Persisch",
    "fr": "Französisch",
    "es": "Spanisch",
    "it": "Italienisch",
    "el": "Griechisch",
    "ro": "Rumänisch",
    "ku": "Kurdisch",
    "sr": "Serbisch",
    "hr": "Kroatisch",
    "vi": "Vietnamesisch",
}


# -- what may be published ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provenance:
    source: str
    updated_at: datetime
    verified_at: datetime | None


@dataclass(frozen=True, slots=True)
class PublicTopic:
    id: int
    slug: str
    name: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class PublicOrganisation:
    id: int
    name: str
    kind: str
    description: str
    website: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    region_code: str | None
    office_phone: str | None
    office_email: str | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class OfficeHour:
    weekday: int  # ISO: 1 = Monday
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class PublicContactPoint:
    id: int
    name: str
    carrier: str | None
    main_office_id: int | None
    region_code: str
    street: str | None
    postal_code: str
    city: str
    latitude: float
    longitude: float
    office_phone: str | None
    office_email: str | None
    website: str | None
    office_hours_note: str | None
    hours: tuple[OfficeHour, ...]
    districts: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class PublicGroup:
    """A published group of any source, as anyone may see it."""

    source: str
    key: str
    name: str
    description: str
    status: GroupStatus
    format: GroupFormat
    reach: GroupReach
    audience: Audience
    region_code: str | None
    contact_point_id: int | None
    contact_mode: ContactMode
    postal_code: str | None  # None where the place is withheld
    city: str | None
    latitude: float | None  # None where the place is withheld
    longitude: float | None
    address_withheld: bool
    meeting_rule: str | None
    meeting_time: time | None
    meeting_note: str | None
    languages: tuple[str, ...]
    wheelchair_accessible: bool | None
    accessibility_note: str | None
    open_for_new_members: bool
    topic_ids: tuple[int, ...]
    provenance: Provenance

    @property
    def meets_in_person(self) -> bool:
        return self.format in (GroupFormat.IN_PERSON, GroupFormat.HYBRID)


def provenance(row: Any) -> Provenance:
    return Provenance(row.source, row.updated_at, row.verified_at)


def public_topic(row: Any) -> PublicTopic:
    return PublicTopic(row.id, row.slug, row.name, row.parent_id)


def public_organisation(row: Any) -> PublicOrganisation:
    kind = getattr(row.kind, "value", row.kind)
    return PublicOrganisation(
        row.id,
        row.name,
        kind,
        row.description or "",
        row.website,
        row.street,
        row.postal_code,
        row.city,
        row.region_code,
        row.office_phone,
        row.office_email,
        provenance(row),
    )


def public_contact_point(
    row: Any, hours: Iterable[Any], districts: Iterable[Any]
) -> PublicContactPoint:
    return PublicContactPoint(
        row.id,
        row.name,
        row.carrier,
        row.main_office_id,
        row.region_code,
        row.street,
        row.postal_code,
        row.city,
        row.latitude,
        row.longitude,
        row.office_phone,
        row.office_email,
        row.website,
        row.office_hours_note,
        tuple(OfficeHour(h.weekday, h.opens, h.closes) for h in hours),
        tuple(d.district for d in districts),
        provenance(row),
    )


def public_group(
    row: Any, key: str, contact_point_id: int | None, topic_ids: Sequence[int]
) -> PublicGroup:
    """`row`: a registry row or a region's RegionGroup (the same public attributes)."""
    withheld = bool(row.address_withheld)
    return PublicGroup(
        source=row.source,
        key=str(key),
        name=row.name,
        description=row.description or "",
        status=row.status,
        format=row.format,
        reach=row.reach,
        audience=row.audience,
        region_code=row.region_code,
        contact_point_id=contact_point_id,
        contact_mode=row.contact_mode,
        postal_code=None if withheld else row.postal_code,
        city=row.city,
        latitude=None if withheld else row.latitude,
        longitude=None if withheld else row.longitude,
        address_withheld=withheld,
        meeting_rule=row.meeting_rule,
        meeting_time=row.meeting_time,
        meeting_note=row.meeting_note,
        languages=tuple((row.languages or "").split()),
        wheelchair_accessible=row.wheelchair_accessible,
        accessibility_note=row.accessibility_note,
        open_for_new_members=row.open_for_new_members,
        topic_ids=tuple(sorted(set(topic_ids))),
        provenance=provenance(row),
    )


# -- ids ------------------------------------------------------------------------------------


def organisation_id(o: PublicOrganisation) -> str:
    return ids.make(ids.ORGANIZATION, o.provenance.source, o.id)


def contact_point_id(source: str, key: int) -> str:
    return ids.make(ids.CONTACT_POINT, source, key)


def group_id(g: PublicGroup) -> str:
    return ids.make(ids.GROUP, _lane(g), g.key)


def meeting_id(g: PublicGroup) -> str:
    return ids.make(ids.MEETING, _lane(g), g.key)


def group_sal_id(g: PublicGroup) -> str:
    return ids.make(ids.SAL, _lane(g), g.key)


def taxonomy_id() -> str:
    return ids.make(ids.TAXONOMY, ids.SOURCES[0], TAXONOMY_KEY)


def term_id(topic_id: int) -> str:
    return ids.make(ids.TERM, ids.SOURCES[0], topic_id)


def _lane(g: PublicGroup) -> str:
    """Registry groups under the registry, a region's under its Land code."""
    return g.source if g.source == ids.SOURCES[0] else (g.region_code or g.source)


# -- pieces ---------------------------------------------------------------------------------


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def metadata(resource_id: str, resource_type: str, p: Provenance) -> list[dict[str, Any]]:
    """Provenance: the last change by its source, and the last check when there was one."""
    out = [
        {
            "id": ids.nested(resource_id, "metadata", "update"),
            "resource_id": resource_id,
            "resource_type": resource_type,
            "last_action_date": _iso(p.updated_at),
            "last_action_type": "update",
            "field_name": "",
            "previous_value": "",
            "replacement_value": "",
            "updated_by": p.source,
        }
    ]
    if p.verified_at is not None:
        out.append(
            {
                "id": ids.nested(resource_id, "metadata", "verified"),
                "resource_id": resource_id,
                "resource_type": resource_type,
                "last_action_date": _iso(p.verified_at),
                "last_action_type": "verified",
                "field_name": "",
                "previous_value": "",
                "replacement_value": "",
                "updated_by": p.source,
            }
        )
    return out


def _phone(owner_field: str, owner: str, number: str, description: str) -> dict[str, Any]:
    return {
        "id": ids.nested(owner, "phone"),
        owner_field: owner,
        "number": number,
        "type": "voice",
        "description": description,
        "languages": [],
        "attributes": [],
        "metadata": [],
    }


def _address(
    location: str, street: str | None, postal_code: str | None, city: str, land: str | None
) -> dict[str, Any]:
    return {
        "id": ids.nested(location, "address"),
        "location_id": location,
        "address_1": street or "",
        "city": city,
        "state_province": LAENDER.get(land or "", ""),
        "postal_code": postal_code or "",
        "country": "DE",
        "address_type": "physical",
        "attributes": [],
        "metadata": [],
    }


def term(t: PublicTopic) -> dict[str, Any]:
    return _drop_none(
        {
            "id": term_id(t.id),
            "code": t.slug,
            "name": t.name,
            "description": t.name,
            "parent_id": None if t.parent_id is None else term_id(t.parent_id),
            "taxonomy": TAXONOMY_NAME,
            "language": "de",
            "taxonomy_id": taxonomy_id(),
            "metadata": [],
        }
    )


def taxonomy() -> dict[str, Any]:
    return {
        "id": taxonomy_id(),
        "name": TAXONOMY_NAME,
        "description": "Das nationale Themenverzeichnis der Selbsthilfe (NAKOS): Themen mit "
        "übergeordneten Themen; regionale Stichwörter werden auf diese Themen abgebildet.",
        "version": "1",
        "metadata": [],
    }


def attributes(link: str, entity: str, topics: Iterable[PublicTopic]) -> list[dict[str, Any]]:
    return [
        {
            "id": ids.nested(link, "attribute", t.id),
            "link_id": link,
            "taxonomy_term_id": term_id(t.id),
            "link_type": "topic",
            "link_entity": entity,
            "value": t.name,
            "taxonomy_term": term(t),
            "metadata": [],
        }
        for t in topics
    ]


# -- organisations --------------------------------------------------------------------------


def organization(o: PublicOrganisation, topics: Sequence[PublicTopic]) -> dict[str, Any]:
    oid = organisation_id(o)
    locations = []
    if o.city:
        loc = ids.nested(oid, "location")
        locations.append(
            {
                "id": loc,
                "location_type": "postal",
                "organization_id": oid,
                "name": o.name,
                "addresses": [
                    _address(loc, o.street, o.postal_code, o.city, o.region_code)
                    | {"address_type": "postal"}
                ],
                "languages": [],
                "contacts": [],
                "accessibility": [],
                "phones": [],
                "schedules": [],
                "attributes": [],
                "metadata": [],
            }
        )
    return _drop_none(
        {
            "id": oid,
            "name": o.name,
            "description": o.description,
            "email": o.office_email,
            "website": o.website,
            "contacts": [],
            "phones": [_phone("organization_id", oid, o.office_phone, "Geschäftsstelle")]
            if o.office_phone
            else [],
            "locations": locations,
            "funding": [],
            "programs": [],
            "organization_identifiers": [],
            "attributes": attributes(oid, "organization", topics),
            "metadata": metadata(oid, "organization", o.provenance),
        }
    )


def offer(o: PublicOrganisation, topics: Sequence[PublicTopic]) -> dict[str, Any]:
    """What a green-list organisation offers, as one service on its topics."""
    oid = organisation_id(o)
    sid = ids.make(ids.OFFER, o.provenance.source, o.id)
    return _service(
        {
            "id": sid,
            "organization_id": oid,
            "name": o.name,
            "description": o.description,
            "url": o.website,
            "email": o.office_email,
            "status": "active",
            "last_modified": _iso(o.provenance.updated_at),
            "phones": [_phone("service_id", sid, o.office_phone, "Geschäftsstelle")]
            if o.office_phone
            else [],
            "service_areas": [_area(sid, "Deutschland", "bundesweit")],
            "attributes": attributes(sid, "service", topics),
            "metadata": metadata(sid, "service", o.provenance),
        }
    )


# -- contact points -------------------------------------------------------------------------


def office_schedules(cp: PublicContactPoint, owner_field: str, owner: str) -> list[dict[str, Any]]:
    out = []
    for i, h in enumerate(cp.hours):
        out.append(
            {
                "id": ids.nested(owner, "hours", i),
                owner_field: owner,
                "freq": "WEEKLY",
                "byday": WEEKDAYS[h.weekday - 1],
                "opens_at": h.opens.strftime("%H:%M"),
                "closes_at": h.closes.strftime("%H:%M"),
                "description": TIMEZONE_NOTE,
                "attributes": [],
                "metadata": [],
            }
        )
    if cp.office_hours_note:
        out.append(
            {
                "id": ids.nested(owner, "hours", "note"),
                owner_field: owner,
                "description": cp.office_hours_note,
                "attributes": [],
                "metadata": [],
            }
        )
    return out


def office(cp: PublicContactPoint) -> dict[str, Any]:
    source = cp.provenance.source
    loc = ids.make(ids.OFFICE, source, cp.id)
    return {
        "id": loc,
        "location_type": "physical",
        "organization_id": contact_point_id(source, cp.id),
        "name": cp.name,
        "url": cp.website,
        "latitude": cp.latitude,
        "longitude": cp.longitude,
        "addresses": [_address(loc, cp.street, cp.postal_code, cp.city, cp.region_code)],
        "phones": [_phone("location_id", loc, cp.office_phone, "Büro")] if cp.office_phone else [],
        "schedules": office_schedules(cp, "location_id", loc),
        "languages": [],
        "contacts": [],
        "accessibility": [],
        "attributes": [],
        "metadata": metadata(loc, "location", cp.provenance),
    }


def contact_point_organization(cp: PublicContactPoint) -> dict[str, Any]:
    source = cp.provenance.source
    oid = contact_point_id(source, cp.id)
    description = f"Selbsthilfe-Kontaktstelle in {cp.city}"
    if cp.carrier:
        description += f", Träger: {cp.carrier}"
    if cp.districts:
        description += f"; zuständig für {', '.join(cp.districts)}"
    return _drop_none(
        {
            "id": oid,
            "name": cp.name,
            "description": description + ".",
            "email": cp.office_email,
            "website": cp.website,
            "parent_organization_id": None
            if cp.main_office_id is None
            else contact_point_id(source, cp.main_office_id),
            "contacts": [],
            "phones": [_phone("organization_id", oid, cp.office_phone, "Büro")]
            if cp.office_phone
            else [],
            "locations": [_drop_none(office(cp))],
            "funding": [],
            "programs": [],
            "organization_identifiers": [],
            "attributes": [],
            "metadata": metadata(oid, "organization", cp.provenance),
        }
    )


def support(cp: PublicContactPoint) -> dict[str, Any]:
    """The contact point's own offer: advice on finding or founding a group."""
    source = cp.provenance.source
    sid = ids.make(ids.SUPPORT, source, cp.id)
    area = ", ".join(cp.districts) or cp.city
    return _service(
        {
            "id": sid,
            "organization_id": contact_point_id(source, cp.id),
            "name": f"{SUPPORT_NAME}: {cp.name}",
            "alternate_name": SUPPORT_NAME,
            "description": "Information und Beratung zu Selbsthilfegruppen, Vermittlung in "
            "bestehende Gruppen und Unterstützung bei der Gründung neuer Gruppen.",
            "url": cp.website,
            "email": cp.office_email,
            "status": "active",
            "last_modified": _iso(cp.provenance.updated_at),
            "fees_description": "kostenlos",
            "phones": [_phone("service_id", sid, cp.office_phone, "Büro")]
            if cp.office_phone
            else [],
            "schedules": office_schedules(cp, "service_id", sid),
            "service_areas": [_area(sid, area, "Einzugsgebiet der Kontaktstelle")],
            "languages": [_language(sid, "de", 0)],
            "metadata": metadata(sid, "service", cp.provenance),
        }
    )


def support_at_office(cp: PublicContactPoint) -> dict[str, Any]:
    source = cp.provenance.source
    sal = ids.make(ids.SAL_OFFICE, source, cp.id)
    return {
        "id": sal,
        "service_id": ids.make(ids.SUPPORT, source, cp.id),
        "location_id": ids.make(ids.OFFICE, source, cp.id),
        "description": f"{SUPPORT_NAME} im Büro der Kontaktstelle",
        "contacts": [],
        "phones": [],
        "schedules": office_schedules(cp, "service_at_location_id", sal),
        "attributes": [],
        "metadata": metadata(sal, "service_at_location", cp.provenance),
    }


# -- groups ---------------------------------------------------------------------------------


def parse_rule(rule: str | None) -> dict[str, str]:
    """An RFC 5545 RRULE ("FREQ=MONTHLY;BYDAY=2TU") as its parts; {} for none."""
    parts: dict[str, str] = {}
    for part in (rule or "").split(";"):
        name, _, value = part.partition("=")
        if name and value:
            parts[name.strip().upper()] = value.strip().upper()
    return parts


def meeting_schedule(g: PublicGroup, owner_field: str, owner: str) -> dict[str, Any] | None:
    """The meeting rule as HSDS schedule fields; the rule itself in `notes` when HSDS cannot
    say it (another frequency than weekly or monthly)."""
    if not (g.meeting_rule or g.meeting_time or g.meeting_note):
        return None
    rule = parse_rule(g.meeting_rule)
    s: dict[str, Any] = {
        "id": ids.nested(owner, "meeting"),
        owner_field: owner,
        "attending_type": ATTENDING[g.format],
        "description": " ".join(x for x in (g.meeting_note, TIMEZONE_NOTE) if x),
        "attributes": [],
        "metadata": [],
    }
    if rule.get("FREQ") in ("WEEKLY", "MONTHLY"):
        s["freq"] = rule["FREQ"]
        if "BYDAY" in rule:
            s["byday"] = rule["BYDAY"]
        if "BYMONTHDAY" in rule:
            s["bymonthday"] = rule["BYMONTHDAY"]
        if rule.get("INTERVAL", "").isdigit():
            s["interval"] = int(rule["INTERVAL"])
        if rule.get("WKST") in WEEKDAYS:
            s["wkst"] = rule["WKST"]
        if rule.get("COUNT", "").isdigit():
            s["count"] = int(rule["COUNT"])
    elif g.meeting_rule:
        s["notes"] = f"RRULE:{g.meeting_rule}"
    if g.meeting_time is not None:
        s["opens_at"] = g.meeting_time.strftime("%H:%M")
    return s


def _language(owner: str, code: str, index: int, owner_field: str = "service_id") -> dict[str, Any]:
    return {
        "id": ids.nested(owner, "language", index),
        owner_field: owner,
        "name": LANGUAGE_NAMES.get(code, code),
        "code": code,
        "attributes": [],
        "metadata": [],
    }


def _area(owner: str, name: str, description: str) -> dict[str, Any]:
    return {
        "id": ids.nested(owner, "area"),
        "service_id": owner,
        "name": name,
        "description": description,
        "attributes": [],
        "metadata": [],
    }


def group_area(g: PublicGroup, sid: str) -> dict[str, Any]:
    if g.reach is GroupReach.NATIONWIDE:
        return _area(sid, "Deutschland", "bundesweit")
    land = LAENDER.get(g.region_code or "", "")
    if g.reach is GroupReach.STATE or not g.city:
        return _area(sid, land or "Deutschland", "landesweit" if land else "bundesweit")
    return _area(sid, g.city, f"örtlich ({land})" if land else "örtlich")


def _application(g: PublicGroup) -> str:
    if g.contact_mode is ContactMode.VIA_CONTACT_POINT and g.contact_point_id is not None:
        return "Kontakt über die Selbsthilfe-Kontaktstelle (siehe Organisation)."
    return "Kontakt über die Selbsthilfe-Kontaktstelle oder NAKOS, die den Kontakt vermitteln."


def group_service(
    g: PublicGroup, topics: Sequence[PublicTopic], full: bool = True
) -> dict[str, Any]:
    sid = group_id(g)
    eligibility = AUDIENCE[g.audience] + (
        " Offen für neue Mitglieder."
        if g.open_for_new_members
        else " Nimmt derzeit keine neuen Mitglieder auf."
    )
    schedule = meeting_schedule(g, "service_id", sid)
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": None
        if g.contact_point_id is None
        else contact_point_id(ids.SOURCES[0], g.contact_point_id),
        "name": g.name,
        "description": g.description,
        "status": STATUS[g.status],
        "application_process": _application(g),
        "fees_description": "kostenlos",
        "eligibility_description": eligibility,
        "last_modified": _iso(g.provenance.updated_at),
        "schedules": [schedule] if schedule else [],
        "service_areas": [group_area(g, sid)],
        "languages": [_language(sid, code, i) for i, code in enumerate(g.languages)],
        "attributes": attributes(sid, "service", topics),
        "metadata": metadata(sid, "service", g.provenance),
    }
    if full and g.meets_in_person:
        service["service_at_locations"] = [group_at_location(g)]
    return _service(service)


def meeting_place(g: PublicGroup) -> dict[str, Any]:
    """Where an in-person group meets, as far as anyone may know: a withheld place is its town
    (no postal code, no point); a group without a known place has no address."""
    loc = meeting_id(g)
    description = (
        "Der genaue Treffpunkt wird auf Anfrage mitgeteilt."
        if g.address_withheld or not g.city
        else None
    )
    accessibility = []
    if g.wheelchair_accessible is not None or g.accessibility_note:
        text = {True: "Rollstuhlgerecht.", False: "Nicht rollstuhlgerecht.", None: ""}[
            g.wheelchair_accessible
        ]
        accessibility.append(
            _drop_none(
                {
                    "id": ids.nested(loc, "accessibility"),
                    "location_id": loc,
                    "description": text or None,
                    "details": g.accessibility_note,
                    "attributes": [],
                    "metadata": [],
                }
            )
        )
    return _drop_none(
        {
            "id": loc,
            "location_type": "physical",
            "name": f"Treffpunkt: {g.name}",
            "description": description,
            "latitude": g.latitude,
            "longitude": g.longitude,
            "addresses": [_address(loc, None, g.postal_code, g.city, g.region_code)]
            if g.city
            else [],
            "languages": [
                _language(loc, code, i, "location_id") for i, code in enumerate(g.languages)
            ],
            "accessibility": accessibility,
            "contacts": [],
            "phones": [],
            "schedules": [],
            "attributes": [],
            "metadata": metadata(loc, "location", g.provenance),
        }
    )


def group_at_location(g: PublicGroup) -> dict[str, Any]:
    sal = group_sal_id(g)
    schedule = meeting_schedule(g, "service_at_location_id", sal)
    return {
        "id": sal,
        "service_id": group_id(g),
        "location_id": meeting_id(g),
        "description": f"{g.name}: Treffen {ATTENDING[g.format]}",
        "contacts": [],
        "phones": [],
        "schedules": [schedule] if schedule else [],
        "location": meeting_place(g),
        "attributes": [],
        "metadata": metadata(sal, "service_at_location", g.provenance),
    }


# -- shapes ---------------------------------------------------------------------------------

SERVICE_LISTS = (
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "funding",
    "cost_options",
    "required_documents",
    "contacts",
    "attributes",
    "metadata",
)


def _service(fields: dict[str, Any]) -> dict[str, Any]:
    for name in SERVICE_LISTS:
        fields.setdefault(name, [])
    return _drop_none(fields)


def _drop_none(fields: dict[str, Any]) -> dict[str, Any]:
    """HSDS leaves out what is unknown (its schemas do not allow null)."""
    return {k: v for k, v in fields.items() if v is not None}


def one_to_one(obj: dict[str, Any]) -> dict[str, Any]:
    """The list form: only the object's own fields, no nested arrays or objects."""
    return {k: v for k, v in obj.items() if not isinstance(v, (list, dict))}
