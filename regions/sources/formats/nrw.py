"""How the graph reads NRW's JSON API: its paths, parameters and field names."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from regions.sources.formats.nrw_words import (
    ART,
    ERREICHBAR,
    FUER,
    ORDNUNG,
    WIRKUNGSKREIS,
    ZUSTAND,
    word,
)
from regions.sources.http.dialect import Params
from regions.sources.protocol import (
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

KEY = re.compile(r"NW-\d{6}")
PREFIX = "/api/v1"


def _when(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _optional_flag(value: Any) -> bool | None:
    return None if value is None else _flag(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a count")
    return value


def _number(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError("expected a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _optional_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a topic slug")
    return value


class NrwDialect:
    health_path = f"{PREFIX}/status"
    max_keys = 100

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

    def search(self, f: GroupFilter, first: int, after: str | None) -> tuple[str, Params]:
        params = [*self._filters(f), ("anzahl", str(first))]
        if after is not None:
            params.append(("nach", after))
        return f"{PREFIX}/gruppen/suche", params

    def count(self, f: GroupFilter) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/anzahl", self._filters(f)

    def find(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None
    ) -> tuple[str, Params]:
        params = [*self._filters(f), ("ordnung", word(ORDNUNG, order)), ("anzahl", str(first))]
        if seek is not None:
            params.append(("ab_rang", repr(float(seek.rank))))  # repr: the exact double
            if seek.key is not None:
                params.append(("ab_kennung", seek.key))
            params.append(("ab_inklusive", _bool(seek.inclusive)))
        return f"{PREFIX}/gruppen/treffer", params

    def facets(self, f: GroupFilter) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/facetten", self._filters(f)

    def by_keys(self, keys: Sequence[str]) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen", [("kennung", key) for key in keys]

    def by_contact_points(self, keys: Sequence[int], limit: int) -> tuple[str, Params]:
        params = [("kontaktstelle", str(key)) for key in keys]
        return f"{PREFIX}/kontaktstellen/gruppen", [*params, ("je", str(limit))]

    def contacts(self, keys: Sequence[str]) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/kontakte", [("kennung", key) for key in keys]

    def group(self, code: str, item: dict[str, Any]) -> RegionGroup:
        meeting, place = item["treffen"], item["adresse"]
        access = item["barrierefreiheit"]
        key = item["kennung"]
        if not isinstance(key, str) or not self.valid_key(key):
            raise ValueError(f"not an NRW key: {key!r}")
        at = meeting["uhrzeit"]
        return RegionGroup(
            key=key,
            name=str(item["titel"]),
            description=str(item["beschreibung"]),
            status=ZUSTAND[item["zustand"]],
            format=ART[meeting["art"]],
            reach=WIRKUNGSKREIS[item["wirkungskreis"]],
            audience=FUER[item["fuer"]],
            region_code=code,
            contact_point_key=item["kontaktstelle_id"],
            contact_mode=ERREICHBAR[item["erreichbar"]],
            postal_code=place["plz"],
            city=place["ort"],
            latitude=place["lat"],
            longitude=place["lon"],
            address_withheld=_flag(place["vertraulich"]),
            meeting_rule=meeting["regel"],
            meeting_time=time.fromisoformat(at) if at else None,
            meeting_note=meeting["hinweis"],
            languages=" ".join(item["sprachen"]),
            wheelchair_accessible=_optional_flag(access["rollstuhl"]),
            accessibility_note=access["hinweis"],
            open_for_new_members=_flag(item["offen"]),
            updated_at=_when(item["stand"]) or datetime.now(UTC),
            verified_at=_when(item["geprueft"]),
            source=code,
            topic_slugs=tuple(str(slug) for slug in item["themen"]),
        )

    def parse_groups(self, code: str, body: Any) -> list[RegionGroup]:
        return [self.group(code, item) for item in body["gruppen"]]

    def parse_page(self, code: str, body: Any) -> Page:
        return Page(self.parse_groups(code, body), has_next=_flag(body["weitere"]))

    def parse_count(self, body: Any) -> int:
        return _count(body["anzahl"])

    def parse_hits(self, code: str, body: Any) -> HitPage:
        hits = [
            Hit(
                self.group(code, item["gruppe"]),
                _number(item["rang"]),
                _optional_number(item["entfernung_km"]),
            )
            for item in _list(body["treffer"])
        ]
        return HitPage(hits, has_next=_flag(body["weitere"]))

    def parse_facets(self, body: Any) -> Facets:
        total = _count(body["anzahl"])
        formats = {ART[art]: _count(n) for art, n in _dict(body["arten"]).items()}
        topics = {_slug(slug): _count(n) for slug, n in _dict(body["themen"]).items()}
        if sum(formats.values()) != total:
            raise ValueError("format counts do not add up to the total")
        return Facets(total=total, formats=formats, topics=topics)

    def parse_by_contact_points(self, code: str, body: Any) -> dict[int, list[RegionGroup]]:
        return {
            int(key): [self.group(code, item) for item in items]
            for key, items in body["kontaktstellen"].items()
        }

    def parse_contacts(self, body: Any) -> dict[str, GroupContact]:
        return {
            key: GroupContact(c["name"], c["telefon"], c["email"], c["online_link"])
            for key, c in body["kontakte"].items()
        }

    def parse_health(self, body: Any) -> bool:
        return body["status"] == "ok"


DIALECT = NrwDialect()
