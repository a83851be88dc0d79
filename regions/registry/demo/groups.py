"""The national database of digital self-help groups (with some hybrid and in-person ones)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from faker import Faker

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.demo.contact_points import Office
from regions.registry.demo.digital import OrganisationIndex, digital_fields
from regions.registry.demo.grid import Grid
from regions.registry.demo.group_texts import description, group_name
from regions.registry.demo.meetings import meeting
from regions.registry.demo.people import person_name, personal_email, phone, slug
from regions.registry.demo.places import Places
from regions.registry.demo.provenance import provenance
from regions.registry.demo.sizes import chance, pick
from regions.registry.demo.topics import TopicIndex
from regions.sources.search.geo import public_point
from regions.sources.vocabulary import (
    Audience,
    ContactMode,
    GroupFormat,
    GroupReach,
    GroupStatus,
    ReviewState,
)

Rows = dict[str, list[dict[str, Any]]]
REACH = ((GroupReach.NATIONWIDE, 50), (GroupReach.STATE, 25), (GroupReach.LOCAL, 25))
FORMATS = {
    GroupReach.NATIONWIDE: ((GroupFormat.DIGITAL, 1),),
    GroupReach.STATE: ((GroupFormat.DIGITAL, 90), (GroupFormat.HYBRID, 10)),
    GroupReach.LOCAL: (
        (GroupFormat.DIGITAL, 40),
        (GroupFormat.HYBRID, 48),
        (GroupFormat.IN_PERSON, 12),
    ),
}
STATUS = (
    (GroupStatus.ACTIVE, 86),
    (GroupStatus.FOUNDING, 7),
    (GroupStatus.PAUSED, 4),
    (GroupStatus.ENDED, 3),
)
OPEN_SHARE = {
    GroupStatus.ACTIVE: 0.85,
    GroupStatus.FOUNDING: 1.0,
    GroupStatus.PAUSED: 0.15,
    GroupStatus.ENDED: 0.0,
}
REVIEW = (
    (ReviewState.PUBLISHED, 93),
    (ReviewState.SUBMITTED, 2.5),
    (ReviewState.IN_REVIEW, 2.5),
    (ReviewState.REJECTED, 2),
)
AUDIENCE = ((Audience.AFFECTED, 50), (Audience.BOTH, 30), (Audience.RELATIVES, 20))
# Categories of conditions, where "Angehörige von Menschen mit <topic>" reads naturally.
CONDITIONS = frozenset(
    {
        "chronische-erkrankungen",
        "herz-kreislauf",
        "stoffwechsel",
        "neurologie",
        "atemwege",
        "krebs",
        "psychische-gesundheit",
        "sucht",
        "behinderung",
        "seltene-erkrankungen",
    }
)
RELATIVES_ROOT = "angehoerige"
LANGUAGES = (("de", 85), ("de en", 5), ("de tr", 3), ("de ru", 2), ("de ar", 2), ("de uk", 3))
TOPIC_COUNTS = ((1, 50), (2, 35), (3, 15))
ACCESSIBLE = (
    "Barrierefreier Zugang, Aufzug vorhanden",
    "Rollstuhlgerechte Räume und WC",
    "Stufenloser Zugang über den Hof",
)
NOT_ACCESSIBLE = ("Treffen im 1. OG ohne Aufzug", "Drei Stufen am Eingang")
FOUNDING_NOTE = "Gründungstreffen in Vorbereitung, Termin auf Anfrage"


class GroupBuilder:
    """Makes one group after another from its own random stream and Faker."""

    def __init__(
        self,
        rng: random.Random,
        fake: Faker,
        places: Places,
        topics: TopicIndex,
        offices: list[Office],
        today: date,
        organisations: OrganisationIndex | None = None,
    ) -> None:
        self.rng, self.fake, self.places, self.topics = rng, fake, places, topics
        self.today = today
        self.lands = tuple((land.code, land.population) for land in LAENDER)
        self.land_names = {land.code: land.name for land in LAENDER}
        self.offices_by_land: dict[str, list[Office]] = {}
        for office in offices:
            self.offices_by_land.setdefault(office.land, []).append(office)
        self.office_grids = {
            land: Grid((o.latitude, o.longitude, o) for o in in_land)
            for land, in_land in self.offices_by_land.items()
        }
        self.public_grids = {
            land: Grid((o.latitude, o.longitude, o) for o in in_land if o.public)
            for land, in_land in self.offices_by_land.items()
            if any(o.public for o in in_land)
        }
        self.offices = offices
        self.organisations = organisations
        self.names: set[str] = set()
        self.rows: Rows = {"groups": [], "group_topics": [], "group_contacts": []}

    def _office(self, land: str, lat: float | None, lon: float | None, via: bool) -> Office | None:
        """The nearest office for a local group, any office of the Land otherwise.

        A group that sends its callers to the office (`via`) gets only an office with a
        public phone or email (none where the Land has no such office: then it is DIRECT).
        """
        grids = self.public_grids if via else self.office_grids
        if land not in grids:
            return None
        if lat is not None and lon is not None:
            return grids[land].nearest(lat, lon)[0][1]
        fits = [o for o in self.offices_by_land[land] if o.public or not via]
        return self.rng.choice(fits)

    def _place(
        self, reach: GroupReach, land: str | None
    ) -> tuple[dict[str, Any], str, tuple[float, float] | None]:
        """A local group's town, postal code and centroid; the place for its name; and the
        town's centre (what is kept instead of the centroid if the place is withheld)."""
        place: dict[str, Any] = {
            "postal_code": None,
            "city": None,
            "latitude": None,
            "longitude": None,
        }
        if land is None:
            return place, "", None
        if reach is not GroupReach.LOCAL:
            return place, f" {self.land_names[land]}", None
        town = self.places.pick_town(self.rng, land)
        postal = self.rng.choice(town.postal_codes)
        return (
            {
                "postal_code": postal.code,
                "city": town.name,
                "latitude": postal.latitude,
                "longitude": postal.longitude,
            },
            f" {town.name}",
            (town.latitude, town.longitude),
        )

    def _audience(self, root: str) -> Audience:
        if root == RELATIVES_ROOT:
            return Audience.RELATIVES
        return pick(self.rng, AUDIENCE if root in CONDITIONS else AUDIENCE[:2])

    def _access(self, form: GroupFormat) -> tuple[bool | None, str | None]:
        """Wheelchair access (for groups that meet in a room) and a note on accessibility."""
        rng = self.rng
        if form is GroupFormat.DIGITAL:
            return None, "Videotreffen mit Live-Untertiteln" if chance(rng, 0.05) else None
        accessible = pick(rng, ((True, 60), (False, 25), (None, 15)))
        if accessible is None:
            return None, None
        return accessible, rng.choice(ACCESSIBLE if accessible else NOT_ACCESSIBLE)

    def add(self) -> None:
        rng = self.rng
        number = len(self.rows["groups"]) + 1
        reach = pick(rng, REACH)
        form = pick(rng, FORMATS[reach])
        land = None if reach is GroupReach.NATIONWIDE else pick(rng, self.lands)
        place, where, centre = self._place(reach, land)
        status = pick(rng, STATUS)
        open_for_new = chance(rng, OPEN_SHARE[status])
        topic = rng.choice(self.topics.concrete)
        root = self.topics.root(topic)
        audience = self._audience(root)
        topic_ids = self.topics.related(rng, topic, pick(rng, TOPIC_COUNTS) - 1)
        topic_name = self.topics.names[topic]
        languages = pick(rng, LANGUAGES)
        via = chance(rng, 0.3)
        office = None
        # A nationwide group has no local office: its callers write to it directly (an
        # address that may be pseudonymous), not to an office somewhere far away.
        if (via or chance(rng, 0.4)) and land is not None:
            office = self._office(land, place["latitude"], place["longitude"], via)
        via = via and office is not None
        withheld = reach is GroupReach.LOCAL and chance(rng, 0.35 if via else 0.12)
        if place["latitude"] is not None:
            point = public_point(centre, (place["latitude"], place["longitude"]), withheld)
            place["latitude"], place["longitude"] = point or (None, None)
        rhythm = None if status is GroupStatus.FOUNDING and chance(rng, 0.6) else meeting(rng)
        accessible, note = self._access(form)
        relatives = audience is Audience.RELATIVES and root in CONDITIONS
        self.rows["groups"].append(
            {
                "id": number,
                "name": group_name(rng, form, relatives, topic_name, where, self.names),
                "description": description(
                    rng, form, audience, status, open_for_new, topic_name, languages
                ),
                "status": status,
                "review_state": pick(rng, REVIEW),
                "format": form,
                "reach": reach,
                "audience": audience,
                "region_code": land,
                "contact_point_id": office.id if office else None,
                "contact_mode": ContactMode.VIA_CONTACT_POINT if via else ContactMode.DIRECT,
                **place,
                "address_withheld": withheld,
                "meeting_rule": rhythm.rule if rhythm else None,
                "meeting_time": rhythm.time if rhythm else None,
                "meeting_note": rhythm.note if rhythm else FOUNDING_NOTE,
                "languages": languages,
                "wheelchair_accessible": accessible,
                "accessibility_note": note,
                "open_for_new_members": open_for_new,
                **provenance(rng, self.today),
            }
        )
        row = self.rows["groups"][-1]
        row |= digital_fields(number, row, self.organisations, topic)
        for topic_id in topic_ids:
            self.rows["group_topics"].append({"group_id": number, "topic_id": topic_id})
        self._contact(number, form, topic_name, reach)

    def _contact(self, number: int, form: GroupFormat, topic: str, reach: GroupReach) -> None:
        rng, fake = self.rng, self.fake
        first, last = person_name(fake)
        link = None
        if form is not GroupFormat.IN_PERSON:
            link = f"https://meet.example.org/{slug(topic, 24)}-{rng.getrandbits(32):08x}"
        email = personal_email(rng, first, last)
        if reach is GroupReach.NATIONWIDE and number % 3 == 0:  # a pseudonymous group address
            email = f"gruppe-{slug(topic, 24)}-{number}@{email.split('@')[1]}"
        self.rows["group_contacts"].append(
            {
                "group_id": number,
                "name": f"{first} {last}",
                "phone": phone(fake) if chance(rng, 0.7) else None,
                "email": email,
                "meeting_link": link,
            }
        )


def build_groups(
    rng: random.Random,
    fake: Faker,
    places: Places,
    topics: TopicIndex,
    offices: list[Office],
    today: date,
    total: int,
    organisations: OrganisationIndex | None = None,
) -> Rows:
    """`total` groups with their topics and contact rows."""
    builder = GroupBuilder(rng, fake, places, topics, offices, today, organisations)
    for _ in range(total):
        builder.add()
    return builder.rows
