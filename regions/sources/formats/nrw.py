"""How the graph reads NRW's JSON API: its paths, parameters and field names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from regions.sources.capabilities import FULL
from regions.sources.formats.nrw_words import (
    ART,
    ERREICHBAR,
    FUER,
    ORDNUNG,
    WIRKUNGSKREIS,
    ZUSTAND,
    word,
)
from regions.sources.http import json_fields as v
from regions.sources.http.dialect import Params
from regions.sources.protocol import (
    Correction,
    Facets,
    GroupContact,
    GroupFilter,
    Hit,
    HitPage,
    Order,
    Page,
    RegionGroup,
    Seek,
)
from regions.sources.subjects import ErasureReceipt, SubjectMatch, SubjectRecord

KEY = re.compile(r"NW-[0-9]{6}")
PREFIX = "/api/v1"
# NRW's names for the protocol's correctable fields (its JSON field names; dotted where nested).
FELDER = {
    "name": "titel",
    "description": "beschreibung",
    "status": "zustand",
    "format": "treffen.art",
    "reach": "wirkungskreis",
    "audience": "fuer",
    "contact_point_key": "kontaktstelle_id",
    "contact_mode": "erreichbar",
    "postal_code": "adresse.plz",
    "city": "adresse.ort",
    "meeting_rule": "treffen.regel",
    "meeting_time": "treffen.uhrzeit",
    "meeting_note": "treffen.hinweis",
    "languages": "sprachen",
    "accessibility_note": "barrierefreiheit.hinweis",
    "wheelchair_accessible": "barrierefreiheit.rollstuhl",
    "open_for_new_members": "offen",
    "contact": "kontakt",
}


def _bool(value: bool) -> str:
    return "true" if value else "false"


class NrwDialect:
    """NRW's service does everything itself: every filter in the national vocabulary, the
    published rank with seek paging (`treffer`), key paging, counts, facets by national
    topic slug, batches of keys and contact points, corrections and subject requests."""

    health_path = f"{PREFIX}/status"
    max_keys = 100
    capabilities = FULL

    def valid_key(self, key: str) -> bool:
        return KEY.fullmatch(key) is not None

    def _filters(self, f: GroupFilter) -> Params:
        """The filters as NRW's parameters (regions.standins.nrw.params reads them)."""
        params: Params = [("thema", slug) for slug in f.topic_slugs or ()]
        if f.topic_slugs is not None and not f.topic_slugs:
            params.append(("thema", ""))  # no topic can match
        for term in f.terms:
            slugs = ",".join(term.topic_slugs)
            params.append(("wort", f"{term.word}:{slugs}" if slugs else term.word))
        if f.formats is not None:
            params += [("art", word(ART, form)) for form in f.formats] or [("art", "")]
        if f.reach is not None:
            params.append(("wirkungskreis", word(WIRKUNGSKREIS, f.reach)))
        if f.open_for_new_members is not None:
            params.append(("offen", _bool(f.open_for_new_members)))
        if f.statuses is not None:
            params += [("zustand", word(ZUSTAND, s)) for s in f.statuses] or [("zustand", "")]
        if f.audience is not None:
            params.append(("fuer", word(FUER, f.audience)))
        if f.language is not None:
            params.append(("sprache", f.language))
        if f.wheelchair_accessible is not None:
            params.append(("rollstuhl", _bool(f.wheelchair_accessible)))
        if f.contact_point_key is not None:
            params.append(("kontaktstelle_nr", str(f.contact_point_key)))
        if f.near is not None:
            near = f.near
            params += [
                ("lat", repr(float(near.latitude))),
                ("lon", repr(float(near.longitude))),
                ("umkreis_km", repr(float(near.radius_km))),
            ]
            if near.land is not None:
                params.append(("land", near.land))
        return params

    def list_in_key_order(
        self, f: GroupFilter, first: int, after: str | None, backward: bool = False
    ) -> tuple[str, Params]:
        """`nach` (after a key) or `vor` (the last groups before a key); `rueckwaerts=true`
        without a key: the last groups."""
        params = [*self._filters(f), ("anzahl", str(first))]
        if after is not None:
            params.append(("vor" if backward else "nach", after))
        elif backward:
            params.append(("rueckwaerts", "true"))
        return f"{PREFIX}/gruppen/suche", params

    def count(self, f: GroupFilter) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/anzahl", self._filters(f)

    def find_ranked(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None, backward: bool = False
    ) -> tuple[str, Params]:
        params = [*self._filters(f), ("ordnung", word(ORDNUNG, order)), ("anzahl", str(first))]
        if seek is not None:
            params.append(("ab_rang", repr(float(seek.rank))))  # repr: the exact double
            if seek.key is not None:
                params.append(("ab_kennung", seek.key))
            params.append(("ab_inklusive", _bool(seek.inclusive)))
        if backward:
            params.append(("rueckwaerts", "true"))
        return f"{PREFIX}/gruppen/treffer", params

    def facets(self, f: GroupFilter) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/facetten", self._filters(f)

    def by_keys(self, keys: Sequence[str]) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen", [("kennung", key) for key in keys]

    def by_contact_points(
        self, keys: Sequence[int], limit: int, f: GroupFilter | None = None
    ) -> tuple[str, Params]:
        params = [("kontaktstelle", str(key)) for key in keys]
        filters = self._filters(f or GroupFilter())
        return f"{PREFIX}/kontaktstellen/gruppen", [*params, ("je", str(limit)), *filters]

    def contacts(self, keys: Sequence[str]) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/kontakte", [("kennung", key) for key in keys]

    def correction(self, delivery_key: str, c: Correction) -> tuple[str, dict[str, Any]]:
        body = {
            "zustellschluessel": delivery_key,
            "kennung": c.group_key,
            "feld": FELDER.get(c.field, c.field),
            "vorschlag": c.proposed_value,
            "hinweis": c.note,
            "gemeldet": c.reported_at.isoformat(),
            "referenz": c.reference,
        }
        return f"{PREFIX}/gruppen/korrekturen", body

    def _person(self, match: SubjectMatch) -> dict[str, Any]:
        return {"email": match.email, "telefon": match.phone, "name": match.name}

    def subject_access(self, match: SubjectMatch) -> tuple[str, dict[str, Any]]:
        return f"{PREFIX}/personen/auskunft", self._person(match)

    def subject_erasure(self, delivery_key: str, match: SubjectMatch) -> tuple[str, dict[str, Any]]:
        body = {"zustellschluessel": delivery_key, **self._person(match)}
        return f"{PREFIX}/personen/loeschung", body

    def parse_subject_records(self, body: Any) -> list[SubjectRecord]:
        kinds = {"kontakt": "group_contact", "korrektur": "correction"}
        found = []
        for item in v.array(body["eintraege"]):
            item = v.mapping(item)
            values = v.mapping(item["werte"])
            found.append(
                SubjectRecord(
                    kind=kinds[item["art"]],
                    key=v.text(item["nr"]),
                    about=self._key(item["kennung"]),
                    fields={str(name): v.optional_text(value) for name, value in values.items()},
                    matched_on=tuple(v.text(hit) for hit in v.array(item["treffer"])),
                )
            )
        return found

    def parse_erasure(self, body: Any) -> ErasureReceipt:
        counts = v.mapping(body["geloescht"])
        return ErasureReceipt(
            {
                "group_contact": v.count(counts["kontakte"]),
                "correction": v.count(counts["korrekturen"]),
            }
        )

    def group(self, code: str, item: dict[str, Any]) -> RegionGroup:
        item = v.mapping(item)
        meeting, place = v.mapping(item["treffen"]), v.mapping(item["adresse"])
        access = v.mapping(item["barrierefreiheit"])
        return RegionGroup(
            key=self._key(item["kennung"]),
            name=v.text(item["titel"]),
            description=v.text(item["beschreibung"]),
            status=ZUSTAND[item["zustand"]],
            format=ART[meeting["art"]],
            reach=WIRKUNGSKREIS[item["wirkungskreis"]],
            audience=FUER[item["fuer"]],
            region_code=code,
            contact_point_key=v.optional_integer(item["kontaktstelle_id"]),
            contact_mode=ERREICHBAR[item["erreichbar"]],
            postal_code=v.optional_text(place["plz"]),
            city=v.optional_text(place["ort"]),
            latitude=v.optional_number(place["lat"]),
            longitude=v.optional_number(place["lon"]),
            address_withheld=v.flag(place["vertraulich"]),
            meeting_rule=v.optional_text(meeting["regel"]),
            meeting_time=v.clock(meeting["uhrzeit"]),
            meeting_note=v.optional_text(meeting["hinweis"]),
            languages=" ".join(v.texts(item["sprachen"])),
            wheelchair_accessible=v.optional_flag(access["rollstuhl"]),
            accessibility_note=v.optional_text(access["hinweis"]),
            open_for_new_members=v.flag(item["offen"]),
            updated_at=v.moment(item["stand"]) or datetime.now(UTC),
            verified_at=v.moment(item["geprueft"]),
            source=code,
            topic_slugs=tuple(v.slug(slug) for slug in v.array(item["themen"])),
        )

    def parse_groups(self, code: str, body: Any) -> list[RegionGroup]:
        return [self.group(code, item) for item in v.array(body["gruppen"])]

    def parse_page(self, code: str, body: Any) -> Page:
        return Page(
            self.parse_groups(code, body),
            has_next=v.flag(body["weitere"]),
            beyond=v.flag(body["dahinter"]),
        )

    def parse_count(self, body: Any) -> int:
        return v.count(body["anzahl"])

    def parse_hits(self, code: str, body: Any) -> HitPage:
        hits = [
            Hit(
                self.group(code, item["gruppe"]),
                v.number(item["rang"]),
                v.optional_number(item["entfernung_km"]),
            )
            for item in v.array(body["treffer"])
        ]
        return HitPage(hits, has_next=v.flag(body["weitere"]), beyond=v.flag(body["dahinter"]))

    def parse_facets(self, body: Any) -> Facets:
        total = v.count(body["anzahl"])
        formats = {ART[art]: v.count(n) for art, n in v.mapping(body["arten"]).items()}
        topics = {v.slug(slug): v.count(n) for slug, n in v.mapping(body["themen"]).items()}
        if sum(formats.values()) != total:
            raise ValueError("format counts do not add up to the total")
        return Facets(total=total, formats=formats, topics=topics)

    def parse_by_contact_points(self, code: str, body: Any) -> dict[int, list[RegionGroup]]:
        return {
            int(key): [self.group(code, item) for item in v.array(items)]
            for key, items in v.mapping(body["kontaktstellen"]).items()
        }

    def parse_contacts(self, body: Any) -> dict[str, GroupContact]:
        return {
            self._key(key): GroupContact(
                v.optional_text(c["name"]),
                v.optional_text(c["telefon"]),
                v.optional_text(c["email"]),
                v.optional_text(c["online_link"]),
            )
            for key, c in v.mapping(body["kontakte"]).items()
        }

    def parse_health(self, body: Any) -> bool:
        return bool(v.mapping(body)["status"] == "ok")

    def _key(self, key: Any) -> str:
        if not isinstance(key, str) or not self.valid_key(key):
            raise ValueError(f"not an NRW key: {key!r}")
        return key


DIALECT = NrwDialect()
