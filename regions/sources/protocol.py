"""The one small protocol every region source speaks, whatever its storage or transport."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum
from typing import Protocol, runtime_checkable

from regions.sources.capabilities import Capabilities
from regions.sources.search.query import Facets, GroupFilter, Near, Order, Seek, Term
from regions.sources.subjects import ErasureReceipt, SubjectMatch, SubjectRecord
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

__all__ = [  # the search's vocabulary, and the data-subject requests'
    "Capabilities",
    "ErasureReceipt",
    "Facets",
    "GroupFilter",
    "Near",
    "Order",
    "Seek",
    "SubjectMatch",
    "SubjectRecord",
    "Term",
]


class SourceUnavailable(Exception):
    """The source timed out, refused the connection or answered something unusable."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"region source {code} unavailable: {reason}")
        self.code = code
        self.reason = reason


class CandidateLimit(SourceUnavailable):
    """A source that cannot rank matched more groups than one request may fetch from it
    (SHG_REGION_CANDIDATE_LIMIT): its data is left out, and the answer names the limit."""

    def __init__(self, code: str, limit: int) -> None:
        super().__init__(code, f"more than {limit} candidates")
        self.limit = limit


class DeliveryRefused(Exception):
    """The source answered, and will not take this delivery as it is (an unknown group, a
    malformed correction): asking again will not help, so it is not retried."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"region source {code} refused the delivery: {reason}")
        self.code = code
        self.reason = reason


class SourceStatus(Enum):
    UP = "UP"
    DOWN = "DOWN"


@dataclass(frozen=True, slots=True)
class Health:
    status: SourceStatus
    latency_ms: float | None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class RegionGroup:
    """A published local group as the source owns it, in the shared vocabulary.

    `key` is the source's own key (a string); `contact_point_key` is the national registry's
    number of the contact point the group is linked to; `topic_slugs` are national topic
    slugs (the source maps its own keywords), delivered with the group.
    """

    key: str
    name: str
    description: str
    status: GroupStatus
    format: GroupFormat
    reach: GroupReach
    audience: Audience
    region_code: str
    contact_point_key: int | None
    contact_mode: ContactMode
    postal_code: str | None
    city: str | None
    latitude: float | None
    longitude: float | None
    address_withheld: bool
    meeting_rule: str | None
    meeting_time: time | None
    meeting_note: str | None
    languages: str
    wheelchair_accessible: bool | None
    accessibility_note: str | None
    open_for_new_members: bool
    updated_at: datetime
    verified_at: datetime | None
    source: str
    topic_slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupContact:
    """Personal data: a group's contact person and meeting link. Read only when granted."""

    name: str | None
    phone: str | None
    email: str | None
    meeting_link: str | None


# What a correction may name: the protocol's fields of a group (a source maps each to its own
# column or JSON field where it has one, and stores the protocol's name otherwise).
CORRECTABLE_FIELDS = (
    "name",
    "description",
    "status",
    "format",
    "reach",
    "audience",
    "contact_point_key",
    "contact_mode",
    "postal_code",
    "city",
    "meeting_rule",
    "meeting_time",
    "meeting_note",
    "languages",
    "accessibility_note",
    "wheelchair_accessible",
    "open_for_new_members",
    "contact",
)


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction someone reported to the graph for a group the region owns. The graph never
    applies it: the region's system receives it and its people decide.

    `field` is one of CORRECTABLE_FIELDS; `proposed_value` the value as the reporter wrote it
    (text); `reported_at` when the graph took it; `reference` the graph's correction id.
    """

    group_key: str
    field: str
    proposed_value: str
    note: str | None
    reported_at: datetime
    reference: str


@dataclass(frozen=True, slots=True)
class Page:
    """Groups in key order; `has_next`: more follow in the direction asked; `beyond`: groups
    lie on the other side of the key the page was asked from."""

    groups: list[RegionGroup]
    has_next: bool
    beyond: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A group found by a ranked search, with the rank it is ordered by (ascending, the same
    formula in every source: regions.sources.search.criteria.rank) and its shown distance."""

    group: RegionGroup
    rank: float
    distance_km: float | None


@dataclass(frozen=True, slots=True)
class HitPage:
    """Matches in (rank, key) order; `has_next`: more follow in the direction asked;
    `beyond`: matches lie on the other side of the seek."""

    hits: list[Hit]
    has_next: bool
    beyond: bool = False


@runtime_checkable
class RegionSource(Protocol):
    """A region's own system, as the graph sees it through its adapter. Every call is one
    query or request (a batch) where the source can do it itself (`capabilities`); where it
    cannot, the adapter reads the source's candidates (a bounded number of requests, at most
    SHG_REGION_CANDIDATE_LIMIT groups, else CandidateLimit) and does the rest. Raises
    SourceUnavailable on any failure; keys are compared in the source's own order."""

    code: str
    kind: str
    timeout: float
    capabilities: Capabilities

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def health(self) -> Health: ...

    async def list_in_key_order(
        self, f: GroupFilter, first: int, after: str | None, backward: bool = False
    ) -> Page:
        """`first` groups after the key `after` in key order (`backward`: the last `first`
        before it), and whether any lie behind that key: one query or request."""
        ...

    async def count(self, f: GroupFilter) -> int: ...

    async def find_ranked(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None, backward: bool = False
    ) -> HitPage:
        """The first `first` matches in (rank, key) order after `seek` (`backward`: the last
        `first` before it; no seek: from the start or the end), and whether any lie on the
        other side of the seek: one query or request."""
        ...

    async def facets(self, f: GroupFilter) -> Facets:
        """How many groups match, per format and per national topic slug they carry."""
        ...

    async def by_keys(self, keys: Sequence[str]) -> dict[str, RegionGroup]: ...

    async def by_contact_points(
        self, contact_point_keys: Sequence[int], limit: int, f: GroupFilter | None = None
    ) -> dict[int, list[RegionGroup]]:
        """At most `limit` groups (matching `f`) of each contact point, in key order."""
        ...

    async def contacts_of(self, keys: Sequence[str]) -> dict[str, GroupContact]: ...

    def valid_key(self, key: str) -> bool:
        """Whether a string can be one of this source's keys (checked before asking)."""
        ...

    async def report_correction(self, delivery_key: str, correction: Correction) -> None:
        """Hand a correction to the region's system, once per `delivery_key`: delivering the
        same key again (a retry after a lost answer) stores nothing twice and succeeds.
        Raises SourceUnavailable when the region cannot be reached (try again later) and
        DeliveryRefused when it answered no (trying again will not help)."""
        ...

    async def subject_records(self, match: SubjectMatch) -> list[SubjectRecord]:
        """Every record of the region's system about the person `match` identifies (contact
        persons, forwarded corrections naming them), with its personal values: for a subject
        access request. One query or request; raises SourceUnavailable."""
        ...

    async def erase_subject(self, delivery_key: str, match: SubjectMatch) -> ErasureReceipt:
        """Delete every record `subject_records` finds for `match`, for real (rows gone), once
        per `delivery_key`: a repeat (a retry after a lost answer) deletes nothing more and
        answers the first receipt where the region keeps receipts. Raises SourceUnavailable
        (try again later) and DeliveryRefused (it answered no)."""
        ...
