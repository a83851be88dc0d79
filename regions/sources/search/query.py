"""A search as every source receives it: the words, the filters, the place, the order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from regions.sources.vocabulary import Audience, GroupFormat, GroupReach, GroupStatus

# Distance used for ordering a result that has no place (a nationwide offer): after all others.
NO_PLACE_KM = 100_000.0
# Relevance with a place: the score dominates, the distance breaks ties (rank = -score*SCALE+km).
SCORE_SCALE = 1_000_000.0


class Order(Enum):
    RELEVANCE = "RELEVANCE"
    DISTANCE = "DISTANCE"


@dataclass(frozen=True, slots=True)
class Term:
    """One word of the search text: the word, its stem, and the national topics (slugs,
    narrower topics included) that the text names with it, e.g. "angststörung" -> angst."""

    word: str
    stem: str
    topic_slugs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Near:
    """A circle around a postal code's centroid; `land` is the Land of that postal code, where
    digital groups of state-wide reach match anywhere."""

    latitude: float
    longitude: float
    radius_km: float
    land: str | None = None


# The states of groups public lists show unless asked otherwise: ended groups are history.
NOT_ENDED = tuple(s for s in GroupStatus if s is not GroupStatus.ENDED)


@dataclass(frozen=True, slots=True)
class GroupFilter:
    """Filters a source applies itself (pushed down), in the national vocabulary.

    `terms`: every term must match the group's text (name, description, town) by its stem as
    a prefix, or the group must carry one of the term's topics. `near`: the group meets within
    the radius, or is digital/hybrid with nationwide reach (or state-wide reach in `near.land`).
    `statuses`: one of these (None: any; the graph leaves out ENDED unless asked).
    `audience`: open to this audience (a group for BOTH is open to the affected and to
    relatives; asking for BOTH finds only groups for both). `language`: an ISO 639-1 code
    among the group's languages. `wheelchair_accessible`: exactly this (unknown is neither).
    `contact_point_key`: linked to this contact point of the national registry.
    """

    topic_slugs: Sequence[str] | None = None
    terms: tuple[Term, ...] = ()
    formats: tuple[GroupFormat, ...] | None = None
    reach: GroupReach | None = None
    open_for_new_members: bool | None = None
    near: Near | None = None
    statuses: tuple[GroupStatus, ...] | None = None
    audience: Audience | None = None
    language: str | None = None
    wheelchair_accessible: bool | None = None
    contact_point_key: int | None = None

    @property
    def group_only(self) -> bool:
        """A filter only groups have: other kinds of results do not match it."""
        facts = (self.audience, self.language, self.wheelchair_accessible, self.contact_point_key)
        asked = (self.formats, self.reach, self.open_for_new_members, *facts)
        states = self.statuses is not None and set(self.statuses) != set(NOT_ENDED)
        return states or any(value is not None for value in asked)

    @property
    def named_slugs(self) -> tuple[str, ...]:
        """Every topic the text names (a result carrying one ranks higher)."""
        return tuple(sorted({slug for term in self.terms for slug in term.topic_slugs}))


@dataclass(frozen=True, slots=True)
class Seek:
    """Where a ranked page continues: after `rank` (and `key` at that rank, when given);
    `inclusive` lets results of exactly `rank` through (a source after the cursor's)."""

    rank: float
    key: str | None = None
    inclusive: bool = False


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts over a source's whole result: total, per format, per topic slug it carries."""

    total: int
    formats: Mapping[GroupFormat, int] = field(default_factory=dict)
    topics: Mapping[str, int] = field(default_factory=dict)
