"""What a region's JSON API looks like to the HTTP adapter: paths, parameters, field names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from regions.sources.protocol import (
    Correction,
    Facets,
    GroupContact,
    GroupFilter,
    HitPage,
    Order,
    Page,
    RegionGroup,
    Seek,
)
from regions.sources.subjects import ErasureReceipt, SubjectMatch, SubjectRecord

Params = list[tuple[str, str]]


class JsonDialect(Protocol):
    """Builds each call's (path, query parameters) and reads the answers.

    Parsers raise KeyError, TypeError or ValueError on anything malformed; the adapter
    turns those into SourceUnavailable ("garbage").
    """

    health_path: str
    max_keys: int

    def valid_key(self, key: str) -> bool: ...

    def list_in_key_order(
        self, f: GroupFilter, first: int, after: str | None
    ) -> tuple[str, Params]: ...

    def count(self, f: GroupFilter) -> tuple[str, Params]: ...

    def find_ranked(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None, backward: bool = False
    ) -> tuple[str, Params]: ...

    def facets(self, f: GroupFilter) -> tuple[str, Params]: ...

    def by_keys(self, keys: Sequence[str]) -> tuple[str, Params]: ...

    def by_contact_points(self, keys: Sequence[int], limit: int) -> tuple[str, Params]: ...

    def contacts(self, keys: Sequence[str]) -> tuple[str, Params]: ...

    def correction(self, delivery_key: str, c: Correction) -> tuple[str, dict[str, Any]]:
        """The POST that hands a correction to the region: its path and JSON body."""
        ...

    def subject_access(self, match: SubjectMatch) -> tuple[str, dict[str, Any]]:
        """The POST asking for every record about a person: its path and JSON body."""
        ...

    def subject_erasure(self, delivery_key: str, match: SubjectMatch) -> tuple[str, dict[str, Any]]:
        """The POST erasing them, once per delivery key: its path and JSON body."""
        ...

    def parse_subject_records(self, body: Any) -> list[SubjectRecord]: ...

    def parse_erasure(self, body: Any) -> ErasureReceipt: ...

    def parse_page(self, code: str, body: Any) -> Page: ...

    def parse_count(self, body: Any) -> int: ...

    def parse_hits(self, code: str, body: Any) -> HitPage: ...

    def parse_facets(self, body: Any) -> Facets: ...

    def parse_groups(self, code: str, body: Any) -> list[RegionGroup]: ...

    def parse_by_contact_points(self, code: str, body: Any) -> dict[int, list[RegionGroup]]: ...

    def parse_contacts(self, body: Any) -> dict[str, GroupContact]: ...

    def parse_health(self, body: Any) -> bool: ...
