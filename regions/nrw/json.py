"""How the graph reads NRW's JSON API: its paths, parameters and field names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from regions.http.dialect import Params
from regions.protocol import GroupContact, GroupFilter, Page, RegionGroup

from .words import ART, ERREICHBAR, FUER, WIRKUNGSKREIS, ZUSTAND, word

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


class NrwDialect:
    health_path = f"{PREFIX}/status"
    max_keys = 100

    def valid_key(self, key: str) -> bool:
        return KEY.fullmatch(key) is not None

    def _filters(self, f: GroupFilter) -> Params:
        params: Params = [("thema", slug) for slug in f.topic_slugs or ()]
        if f.topic_slugs is not None and not f.topic_slugs:
            params.append(("thema", ""))  # no topic can match
        if f.text:
            params.append(("text", f.text))
        if f.format is not None:
            params.append(("art", word(ART, f.format)))
        if f.reach is not None:
            own = [w for w, shared in WIRKUNGSKREIS.items() if shared is f.reach]
            params.append(("wirkungskreis", own[0] if own else "-"))
        if f.open_for_new_members is not None:
            params.append(("offen", "true" if f.open_for_new_members else "false"))
        return params

    def search(self, f: GroupFilter, first: int, after: str | None) -> tuple[str, Params]:
        params = [*self._filters(f), ("anzahl", str(first))]
        if after is not None:
            params.append(("nach", after))
        return f"{PREFIX}/gruppen/suche", params

    def count(self, f: GroupFilter) -> tuple[str, Params]:
        return f"{PREFIX}/gruppen/anzahl", self._filters(f)

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
        value = body["anzahl"]
        if not isinstance(value, int) or value < 0:
            raise ValueError("not a count")
        return value

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
