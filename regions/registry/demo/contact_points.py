"""Self-help contact points: the catalog's real ones, then main and branch offices per Land."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from faker import Faker

from regions.registry.demo import offices
from regions.registry.demo.catalog.laender import LAENDER, REAL_CONTACT_POINTS
from regions.registry.demo.grid import distance_km
from regions.registry.demo.people import phone, slug, street
from regions.registry.demo.places import Places, PostalCode
from regions.registry.demo.provenance import provenance
from regions.registry.demo.sizes import apportion
from regions.registry.models import ContactPointKind

Rows = dict[str, list[dict[str, Any]]]
BRANCH_SHARE = 0.11


@dataclass(frozen=True, slots=True)
class Site:
    """Where an office can be: a town, or a quarter of a big town (Berlin-Kreuzberg)."""

    label: str
    town: str
    district: str
    postal: PostalCode
    neighbours: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Office:
    """A contact point as the group generator needs it."""

    id: int
    land: str
    latitude: float
    longitude: float
    domain: str
    # A public office phone or email: a group may send its callers there (VIA_CONTACT_POINT).
    public: bool = True


def _sites(places: Places, land: str) -> list[tuple[Site, float]]:
    """Every town of the Land and every quarter of its big towns, with its population."""
    sites: list[tuple[Site, float]] = []
    for town in places.by_land[land]:
        near = tuple(t.name for t in places.nearby_towns(town, 2))
        sites.append(
            (Site(town.name, town.name, town.name, town.postal_codes[0], near), town.population)
        )
        names = [q.name for q in town.quarters]
        for quarter in town.quarters:
            near = tuple(n for n in names if n != quarter.name)[:2]
            site = Site(
                f"{town.name}-{quarter.name}", town.name, quarter.name, quarter.postal_code, near
            )
            sites.append((site, quarter.population))
    return sites


def _sample(
    rng: random.Random, sites: list[tuple[Site, float]], n: int
) -> list[tuple[Site, float]]:
    """n distinct sites, favouring bigger places (population^1.5, Efraimidis-Spirakis keys)."""
    keyed = sorted(
        ((rng.random() ** (1 / w**1.5), i) for i, (_, w) in enumerate(sites)), reverse=True
    )
    return [sites[i] for _, i in keyed[:n]]


class ContactPointBuilder:
    """Accumulates the rows of contact points, their hours, districts and staff."""

    def __init__(self, rng: random.Random, fake: Faker, today: date) -> None:
        self.rng, self.fake, self.today = rng, fake, today
        self.rows: Rows = {
            "contact_points": [],
            "contact_point_office_hours": [],
            "contact_point_districts": [],
            "contact_point_staff": [],
        }
        self.offices: list[Office] = []
        self.names: set[str] = set()

    def add(
        self,
        row: dict[str, Any],
        postal: PostalCode,
        mail_domain: str,
        districts: list[str],
        hours: list[dict[str, Any]] | None = None,
        *,
        real: bool = False,
    ) -> Office:
        """A contact point's rows. A real one (`real`) gets only what its catalog entry says:
        its hours or none, no made-up staff; a made-up one gets hours, staff and services."""
        number = len(self.offices) + 1
        row |= {
            "id": number,
            "postal_code": postal.code,
            "latitude": postal.latitude,
            "longitude": postal.longitude,
            **provenance(self.rng, self.today),
        }
        if real:  # every row the same keys: one INSERT takes the first row's columns
            row = {**offices.UNKNOWN, **row}
        else:
            row |= offices.domain_fields(number)
        self.rows["contact_points"].append(row)
        if real:
            self.rows["contact_point_office_hours"] += hours or []
        else:
            self.rows["contact_point_office_hours"] += offices.office_hours(self.rng, number)
        self.rows["contact_point_districts"] += offices.districts(number, districts)
        staff = self.rows["contact_point_staff"]
        if not real:
            staff += offices.staff(self.rng, self.fake, number, len(staff) + 1, mail_domain)
        public = bool(row.get("office_phone") or row.get("office_email"))
        office = Office(
            number, row["region_code"], postal.latitude, postal.longitude, mail_domain, public
        )
        self.offices.append(office)
        return office


def _real(builder: ContactPointBuilder, places: Places) -> None:
    for spec in REAL_CONTACT_POINTS:
        town = places.find_town(spec.city, spec.land)
        postal = places.postal_codes.get(spec.postal_code)
        if postal is None:  # not a delivery area of its own: the town's central one instead
            postal = (town or places.by_land[spec.land][0]).postal_codes[0]
        builder.names.add(spec.name)
        row = {
            "name": spec.name,
            "carrier": spec.carrier,
            "main_office_id": None,
            "region_code": spec.land,
            "street": spec.street,
            "city": spec.city,
            "office_phone": None,
            "office_email": None,
            "website": spec.website,
            "kind": ContactPointKind[spec.kind] if spec.kind else None,
            "services": " ".join(spec.services),
            "equipment": "|".join(spec.equipment),
        }
        hours = offices.parse_hours(len(builder.offices) + 1, spec.office_hours)
        served = list(spec.districts or (spec.city,))  # never a guessed neighbour
        builder.add(row, postal, offices.real_domain(spec.name), served, hours, real=True)


def _served(builder: ContactPointBuilder, site: Site, land: str) -> bool:
    """Whether a real office already sits in this town or is named after this quarter."""
    for row in builder.rows["contact_points"]:
        if row["region_code"] != land:
            continue
        if site.label == row["city"] or (
            site.district != site.town and site.district in row["name"].split()
        ):
            return True
    return False


def build_contact_points(
    rng: random.Random, fake: Faker, places: Places, today: date, total: int
) -> tuple[Rows, list[Office]]:
    """Every real contact point, then generated ones so each Land gets its population share."""
    builder = ContactPointBuilder(rng, fake, today)
    _real(builder, places)
    real = [office.land for office in builder.offices]
    quotas = apportion(max(total, len(real)), {land.code: land.population for land in LAENDER})
    for land in LAENDER:
        wanted = max(quotas[land.code] - real.count(land.code), 0)
        branches = int(wanted * BRANCH_SHARE + rng.random()) if wanted > 1 else 0
        free = [(s, w) for s, w in _sites(places, land.code) if not _served(builder, s, land.code)]
        chosen = _sample(rng, free, wanted)
        while 0 < len(chosen) < wanted:  # more offices than places (big scales): a second round
            chosen += _sample(rng, free, wanted - len(chosen))
        branches = max(min(branches, len(chosen) - 1), 0)
        # The smallest towns chosen (quarters only where there is no other choice) become
        # branches of the nearest made-up main office.
        by_size = sorted(
            range(len(chosen)),
            key=lambda i: (chosen[i][0].district == chosen[i][0].town, -chosen[i][1], i),
        )
        outposts = set(by_size[len(chosen) - branches :])
        mains = [
            _main(builder, site, land.name, land.code)
            for i, (site, _) in enumerate(chosen)
            if i not in outposts
        ]
        for i in sorted(outposts):
            _branch(builder, chosen[i][0], land.code, mains)
    return builder.rows, builder.offices


def _main(builder: ContactPointBuilder, site: Site, land_name: str, land: str) -> Office:
    rng, fake = builder.rng, builder.fake
    name = offices.office_name(rng, site.label, builder.names)
    mail_domain = offices.domain(site.label)
    row = {
        "name": name,
        "carrier": offices.carrier(rng, site.town, land_name),
        "main_office_id": None,
        "region_code": land,
        "street": street(fake),
        "city": site.town,
        "office_phone": phone(fake),
        "office_email": f"{rng.choice(('info', 'kontakt', 'selbsthilfe'))}@{mail_domain}",
        "website": f"https://www.{mail_domain}",
    }
    served = [site.district, *site.neighbours[: rng.randint(0, 2)]]
    return builder.add(row, site.postal, mail_domain, served)


def _branch(builder: ContactPointBuilder, site: Site, land: str, mains: list[Office]) -> None:
    """An outpost of the nearest made-up main office in the Land, under the same carrier.

    Real offices get no invented branches: those would carry a real name and website.
    """
    rng, fake = builder.rng, builder.fake
    main = min(
        mains,
        key=lambda o: (
            distance_km(o.latitude, o.longitude, site.postal.latitude, site.postal.longitude),
            o.id,
        ),
    )
    parent = builder.rows["contact_points"][main.id - 1]
    name = f"{parent['name']} – Außenstelle {site.district}"
    builder.names.add(name)
    row = {
        "name": name,
        "carrier": parent["carrier"],
        "main_office_id": main.id,
        "region_code": land,
        "street": street(fake),
        "city": site.town,
        "office_phone": phone(fake),
        "office_email": f"{slug(site.district)}@{main.domain}",
        "website": parent["website"],
    }
    served = [site.district, *site.neighbours[: rng.randint(0, 1)]]
    builder.add(row, site.postal, main.domain, served)
