"""Who is asking: the verified caller of one request, read by permissions, audit and limits."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


class CallerKind(enum.Enum):
    ANONYMOUS = "anonymous"
    PARTNER = "partner"
    REGIONAL_OFFICE = "regional_office"
    NATIONAL_STAFF = "national_staff"
    AUDITOR = "auditor"


class Purpose(enum.StrEnum):
    """What a token's access is for (its `purpose` claim); bounds which protected fields it
    may see (graph/protected.py) and which kinds may carry it (graph/auth/kinds.py)."""

    REFERRAL = "referral"
    COORDINATION = "coordination"
    RESEARCH = "research"
    STATISTICS = "statistics"
    ADMINISTRATION = "administration"
    AUDIT = "audit"


ALL_REGIONS = None
"""What `Caller.regions_for` answers for a scope that is not fenced to any Land."""


@dataclass(frozen=True)
class Caller:
    """The caller of a request, from a verified token (or anonymous: no token)."""

    kind: CallerKind = CallerKind.ANONYMOUS
    scopes: frozenset[str] = frozenset()
    region: str | None = None
    purpose: Purpose | None = None
    token_id: str | None = None
    subject: str | None = None
    claims: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, compare=False
    )

    @property
    def anonymous(self) -> bool:
        return self.kind is CallerKind.ANONYMOUS

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def regions_for(self, family: str) -> frozenset[str] | None:
        """Lands a scope family (e.g. contacts:read) is granted for; None means every Land.

        `contacts:read` grants every Land unless the token names a region, which fences it;
        `contacts:read:DE-BY` grants Bavaria only. A token's region fences every scope: a
        per-Land scope for another Land grants nothing. Without either the answer is empty.
        """
        regions = {s.rsplit(":", 1)[1] for s in self.scopes if s.startswith(family + ":DE-")}
        if family in self.scopes:
            if self.region is None:
                return ALL_REGIONS
            regions.add(self.region)
        if self.region is not None:
            regions &= {self.region}
        return frozenset(regions)

    def may_read(self, family: str, region: str | None) -> bool:
        """The scope family is granted for an object in `region` (None: nationwide object)."""
        regions = self.regions_for(family)
        if regions is ALL_REGIONS:
            return True
        return region is not None and region in regions


ANONYMOUS = Caller()
