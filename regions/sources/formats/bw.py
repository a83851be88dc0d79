"""How the graph reads Baden-Württemberg's plain JSON API: a list of groups in its own number
order with three filters of its own (postal code prefix, one of its keywords, a substring of
the name) and offset paging; no ranking, no facets, no national vocabulary, one group per
look-up. Everything else is done by the adapter (regions/sources/http/plain.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from regions.sources.capabilities import Capabilities
from regions.sources.formats.bw_words import SLUG_OF_KEYWORD
from regions.sources.http import json_fields as v
from regions.sources.http.dialect import Params
from regions.sources.protocol import (
    Correction,
    Facets,
    GroupContact,
    GroupFilter,
    HitPage,
    Page,
    RegionGroup,
)
from regions.sources.subjects import ErasureReceipt, SubjectMatch, SubjectRecord
from regions.sources.vocabulary import (
    Audience,
    ContactMode,
    GroupFormat,
    GroupReach,
    GroupStatus,
)

KEY = re.compile(r"[1-9][0-9]{0,8}")
PREFIX = "/api"
PAGE = 100  # the most groups one request of BW's list gives


class Unsupported(Exception):
    """An operation BW's API does not have (the adapter never asks it: see `capabilities`)."""


def keywords_of(slugs: Sequence[str]) -> list[str]:
    """BW's keywords that name one of these national topics."""
    wanted = set(slugs)
    return sorted(word for word, slug in SLUG_OF_KEYWORD.items() if slug in wanted)


class BwDialect:
    """BW's API: `GET /api/gruppen` (plz, stichwort, name, offset, limit -> gesamt, eintraege
    in `nr` order), `GET /api/gruppen/<nr>`, `GET /api/gruppen/<nr>/kontakt` (X-Api-Key),
    `GET /api/status`."""

    health_path = f"{PREFIX}/status"
    max_keys = 1  # no batch look-up: one request per key
    page_limit = PAGE
    capabilities = Capabilities(
        own_keywords=True,
        name_substring=True,
        postal_prefix=True,
        pages_by_offset=True,
        counts=True,
    )

    def auth_headers(self, api_key: str) -> dict[str, str]:
        return {"x-api-key": api_key}

    def valid_key(self, key: str) -> bool:
        return KEY.fullmatch(key) is not None

    def order_key(self, key: str) -> int:
        """BW's own order: by number."""
        return int(key)

    def can_match(self, f: GroupFilter) -> bool:
        """False when no group of BW can match (a topic none of its keywords names)."""
        return f.topic_slugs is None or bool(keywords_of(f.topic_slugs))

    def pushed(self, f: GroupFilter) -> Params:
        """The filters BW applies itself: one keyword, when the topics asked for are named by
        exactly one of its keywords (the adapter applies every filter again, and the rest)."""
        if f.topic_slugs is not None:
            words = keywords_of(f.topic_slugs)
            if len(words) == 1:
                return [("stichwort", words[0])]
        return []

    def listing(self, f: GroupFilter, offset: int, limit: int) -> tuple[str, Params]:
        params = [*self.pushed(f), ("offset", str(offset)), ("limit", str(limit))]
        return f"{PREFIX}/gruppen", params

    def parse_listing(self, code: str, body: Any) -> tuple[int, list[RegionGroup]]:
        body = v.mapping(body)
        return v.count(body["gesamt"]), [self.group(code, g) for g in v.array(body["eintraege"])]

    def by_keys(self, keys: Sequence[str]) -> tuple[str, Params]:
        (key,) = keys
        return f"{PREFIX}/gruppen/{key}", []

    def parse_groups(self, code: str, body: Any) -> list[RegionGroup]:
        return [] if body is None else [self.group(code, body)]

    def contacts(self, keys: Sequence[str]) -> tuple[str, Params]:
        (key,) = keys
        return f"{PREFIX}/gruppen/{key}/kontakt", []

    def parse_contact(self, body: Any) -> GroupContact:
        body = v.mapping(body)
        return GroupContact(
            v.optional_text(body["name"]),
            v.optional_text(body["telefon"]),
            v.optional_text(body["email"]),
            None,
        )

    def parse_contacts(self, body: Any) -> dict[str, GroupContact]:
        raise Unsupported("one contact per request: parse_contact")

    def group(self, code: str, item: Any) -> RegionGroup:
        item = v.mapping(item)
        nr = v.optional_integer(item["nr"])
        if nr is None or not self.valid_key(str(nr)):
            raise ValueError(f"not a BW number: {nr!r}")
        point = v.optional_text(item["kontaktstelle"])
        point_key = int(point) if point is not None and point.isdigit() else None
        slugs = {SLUG_OF_KEYWORD.get(v.text(w).casefold()) for w in v.array(item["stichworte"])}
        return RegionGroup(
            key=str(nr),
            name=v.text(item["name"]),
            description=v.optional_text(item["beschreibung"]) or "",
            status=GroupStatus.ACTIVE if v.flag(item["aktiv"]) else GroupStatus.ENDED,
            format=GroupFormat.DIGITAL if v.flag(item["online"]) else GroupFormat.IN_PERSON,
            reach=GroupReach.LOCAL,
            audience=Audience.BOTH,
            region_code=code,
            contact_point_key=point_key,
            contact_mode=ContactMode.VIA_CONTACT_POINT if point else ContactMode.DIRECT,
            postal_code=v.text(item["plz"]),
            city=v.text(item["ort"]),
            latitude=v.optional_number(item["breite"]),
            longitude=v.optional_number(item["laenge"]),
            address_withheld=False,
            meeting_rule=None,
            meeting_time=None,
            meeting_note=None,
            languages="de",
            wheelchair_accessible=None,
            accessibility_note=None,
            open_for_new_members=v.flag(item["nimmt_auf"]),
            updated_at=v.moment(item["geaendert"]) or datetime.now(UTC),
            verified_at=None,
            source=code,
            topic_slugs=tuple(sorted(slug for slug in slugs if slug is not None)),
        )

    def parse_health(self, body: Any) -> bool:
        return v.mapping(body)["ok"] is True

    # -- what BW's API does not have: the adapter does it, or refuses (see `capabilities`) --

    def list_in_key_order(self, f: GroupFilter, first: int, after: str | None) -> Any:
        raise Unsupported("key paging")

    def find_ranked(self, *args: Any, **kwargs: Any) -> Any:
        raise Unsupported("ranking")

    def count(self, f: GroupFilter) -> Any:
        raise Unsupported("count")

    def facets(self, f: GroupFilter) -> Any:
        raise Unsupported("facets")

    def by_contact_points(self, *args: Any, **kwargs: Any) -> Any:
        raise Unsupported("by contact points")

    def correction(self, delivery_key: str, c: Correction) -> Any:
        raise Unsupported("corrections")

    def subject_access(self, match: SubjectMatch) -> Any:
        raise Unsupported("subject requests")

    def subject_erasure(self, delivery_key: str, match: SubjectMatch) -> Any:
        raise Unsupported("subject requests")

    def parse_subject_records(self, body: Any) -> list[SubjectRecord]:
        raise Unsupported("subject requests")

    def parse_erasure(self, body: Any) -> ErasureReceipt:
        raise Unsupported("subject requests")

    def parse_page(self, code: str, body: Any) -> Page:
        raise Unsupported("key paging")

    def parse_count(self, body: Any) -> int:
        raise Unsupported("count")

    def parse_hits(self, code: str, body: Any) -> HitPage:
        raise Unsupported("ranking")

    def parse_facets(self, body: Any) -> Facets:
        raise Unsupported("facets")

    def parse_by_contact_points(self, code: str, body: Any) -> dict[int, list[RegionGroup]]:
        raise Unsupported("by contact points")


DIALECT = BwDialect()
