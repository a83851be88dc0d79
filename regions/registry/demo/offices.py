"""What a contact point's office looks like: names, carriers, hours, districts and staff."""

from __future__ import annotations

import random
from datetime import time
from typing import Any

from faker import Faker

from regions.registry.demo.people import person_name, phone, slug, work_email
from regions.registry.demo.sizes import pick
from regions.registry.models import ContactPointKind

NAMES = (
    ("Selbsthilfe-Kontaktstelle {place}", 35),
    ("Selbsthilfekontaktstelle {place}", 10),
    ("KISS {place}", 12),
    ("Kontakt- und Informationsstelle für Selbsthilfe {place}", 5),
    ("Selbsthilfebüro {place}", 10),
    ("Selbsthilfezentrum {place}", 10),
    ("Selbsthilfe-Kontaktstelle {place} und Umgebung", 3),
)
CARRIERS = (
    ("Der Paritätische {land}", 20),
    ("Der Paritätische – Kreisgruppe {town}", 8),
    ("AWO Kreisverband {town} e.V.", 14),
    ("Caritasverband {town} e.V.", 12),
    ("Diakonie {town}", 8),
    ("Diakonisches Werk {town} e.V.", 8),
    ("DRK-Kreisverband {town} e.V.", 6),
    ("Stadt {town}", 12),
    ("Selbsthilfe {town} e.V.", 6),
    ("Gesundheitsamt der Stadt {town}", 4),
)
SLOTS = (
    (time(9), time(12)),
    (time(9), time(13)),
    (time(10), time(12)),
    (time(10), time(13)),
    (time(9, 30), time(12, 30)),
    (time(13), time(16)),
    (time(14), time(17)),
    (time(14), time(18)),
    (time(15), time(18)),
)
ROLES = (
    "Beratung und Gruppenbegleitung",
    "Fachkraft für Selbsthilfeunterstützung",
    "Verwaltung",
    "Öffentlichkeitsarbeit",
    "Beratung junge Selbsthilfe",
)


def office_name(rng: random.Random, place: str, taken: set[str]) -> str:
    """A usual name for a contact point at the place, not yet used by another one."""
    for _ in range(10):
        name = pick(rng, NAMES).format(place=place)
        if name not in taken:
            break
    else:
        name = f"Selbsthilfe-Kontaktstelle {place} ({len(taken) + 1})"
    taken.add(name)
    return name


def carrier(rng: random.Random, town: str, land: str) -> str:
    return pick(rng, CARRIERS).format(town=town, land=land)


def domain(place: str) -> str:
    """An office's web and mail domain, under the reserved .example top-level domain."""
    return f"selbsthilfe-{slug(place)}.example"


def real_domain(name: str) -> str:
    """A reserved domain for made-up staff mail at a real office, from its short name."""
    short = name.split(" – ")[0].split(" (")[0]
    return f"{slug(short)}.example"


KINDS = (("CONTACT_POINT", 70), ("SUPPORT_POINT", 18), ("SECONDARY_TASK", 9), ("BEING_SET_UP", 3))
SERVICES = (
    ("FOUNDING_HELP", 0.95),
    ("GROUP_ROOMS", 0.7),
    ("SUPERVISION", 0.35),
    ("EQUIPMENT_LENDING", 0.3),
    ("FUNDING_ADVICE", 0.8),
    ("PUBLIC_RELATIONS", 0.6),
    ("TRAINING", 0.4),
    ("NETWORKING", 0.7),
)
EQUIPMENT = ("Beamer", "Flipchart", "mobile Lautsprecheranlage", "Laptop", "Moderationskoffer")
OFFICE_LANGUAGES = (("de", 80), ("de en", 12), ("de tr", 4), ("de en ru", 4))
OFFICE_ACCESS = (
    (None, 30),
    ("Barrierefreier Zugang, Aufzug vorhanden", 45),
    ("Eingang mit zwei Stufen, Klingel für Rampe", 15),
    ("Gruppenräume im 1. OG ohne Aufzug", 10),
)


# What a real office's catalog entry does not say stays unknown.
UNKNOWN: dict[str, Any] = {
    "by_appointment": None,
    "office_hours_note": None,
    "accessibility_note": None,
    "languages": None,
    "fees_note": None,
}


def domain_fields(contact_point: int) -> dict[str, Any]:
    """A made-up office's kind, services, equipment, languages, access and fees.

    From a stream of its own (per office), so the older fields keep their values.
    """
    rng = random.Random(f"contact-point-domain:{contact_point}")
    kind = pick(rng, KINDS)
    services = [name for name, share in SERVICES if rng.random() < share]
    if kind == "BEING_SET_UP":
        services = [s for s in services if s in ("FOUNDING_HELP", "NETWORKING")]
    equipment = []
    if "EQUIPMENT_LENDING" in services:
        equipment = rng.sample(EQUIPMENT, rng.randint(1, 3))
    return {
        "kind": ContactPointKind[kind],
        "services": " ".join(services),
        "equipment": "|".join(equipment),
        "by_appointment": rng.random() < 0.6,
        "office_hours_note": "Beratung auch nach Vereinbarung" if rng.random() < 0.5 else None,
        "accessibility_note": pick(rng, OFFICE_ACCESS),
        "languages": pick(rng, OFFICE_LANGUAGES),
        "fees_note": "Alle Angebote sind kostenfrei." if rng.random() < 0.9 else None,
    }


def office_hours(rng: random.Random, contact_point: int) -> list[dict[str, Any]]:
    """Two to four opening slots on distinct weekdays, mornings or afternoons."""
    days = sorted(rng.sample(range(1, 6), rng.randint(2, 4)))
    rows = []
    for day in days:
        opens, closes = rng.choice(SLOTS)
        rows.append(
            {"contact_point_id": contact_point, "weekday": day, "opens": opens, "closes": closes}
        )
    return rows


def parse_hours(
    contact_point: int, hours: tuple[tuple[int, str, str], ...]
) -> list[dict[str, Any]]:
    """Catalog office hours ((iso_weekday, "09:30", "16:00"), ...) as rows."""
    rows, seen = [], set()
    for day, opens, closes in hours:
        key = (day, time.fromisoformat(opens))
        if key not in seen:
            seen.add(key)
            rows.append(
                {
                    "contact_point_id": contact_point,
                    "weekday": day,
                    "opens": key[1],
                    "closes": time.fromisoformat(closes),
                }
            )
    return rows


def districts(contact_point: int, names: list[str]) -> list[dict[str, Any]]:
    unique = list(dict.fromkeys(names))
    return [{"contact_point_id": contact_point, "district": name} for name in unique]


def staff(
    rng: random.Random, fake: Faker, contact_point: int, first_id: int, mail_domain: str
) -> list[dict[str, Any]]:
    """One to three named staff members, the first of them leading the office."""
    rows = []
    roles = ["Leitung", *rng.sample(ROLES, 2)]
    for offset in range(rng.choice((1, 2, 2, 3))):
        first, last = person_name(fake)
        rows.append(
            {
                "id": first_id + offset,
                "contact_point_id": contact_point,
                "name": f"{first} {last}",
                "role": roles[offset],
                "phone": phone(fake),
                "email": work_email(first, last, mail_domain),
            }
        )
    return rows
