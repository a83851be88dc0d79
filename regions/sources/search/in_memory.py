"""The search's filters, score and rank over groups in memory: what the adapter applies to the
candidates of a source that cannot filter or rank by itself. The same rules as the SQL
(criteria.py, fulltext.py, geo.py), written for one group at a time."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from regions.sources.search.analysis import stem
from regions.sources.search.analysis import stems as _analysed
from regions.sources.search.criteria import audiences
from regions.sources.search.geo import EARTH_RADIUS_KM, WITHHELD_STEP_KM
from regions.sources.search.query import (
    NO_PLACE_KM,
    SCORE_SCALE,
    Facets,
    GroupFilter,
    Near,
    Order,
    Seek,
)
from regions.sources.vocabulary import GroupFormat, GroupReach

Predicate = Callable[[Any], bool]


def distance_km(near: Near, latitude: float, longitude: float) -> float:
    """Great-circle distance (haversine), as geo.distance_km computes it in SQL."""
    d_lat = math.radians(latitude - near.latitude) / 2
    d_lon = math.radians(longitude - near.longitude) / 2
    a = math.sin(d_lat) ** 2 + math.cos(math.radians(near.latitude)) * (
        math.cos(math.radians(latitude)) * math.sin(d_lon) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def shown_distance_km(group: Any, near: Near | None) -> float | None:
    """The distance a result shows: null without a place; a withheld place in whole steps."""
    if near is None or group.latitude is None or group.longitude is None:
        return None
    exact = distance_km(near, group.latitude, group.longitude)
    if group.address_withheld:
        step = WITHHELD_STEP_KM
        return step if exact <= step else math.ceil(exact / step) * step
    return exact


@lru_cache(maxsize=50_000)
def stems(text: str) -> tuple[str, ...]:
    """A text's stems, remembered: a plain source's candidates are read again for every page."""
    return tuple(_analysed(text))


@lru_cache(maxsize=10_000)
def _stem(word: str) -> str:
    return stem(word)


def _has_prefix(words: Sequence[str], wanted: str) -> bool:
    return any(word.startswith(wanted) for word in words)


@dataclass(frozen=True, slots=True)
class _Text:
    name: tuple[str, ...]
    all: tuple[str, ...]


def _text(group: Any) -> _Text:
    name = stems(group.name)
    return _Text(name, name + stems(f"{group.description or ''} {group.city or ''}"))


def _carries(group: Any, slugs: Iterable[str]) -> bool:
    return not set(group.topic_slugs).isdisjoint(slugs)


def matches(group: Any, f: GroupFilter) -> bool:
    """Whether a group (a RegionGroup) meets every filter of `f`."""
    if f.terms:
        text = _text(group)
        for term in f.terms:
            found = _has_prefix(text.all, _stem(term.word))
            if not found and not (term.topic_slugs and _carries(group, term.topic_slugs)):
                return False
    if f.topic_slugs is not None and not _carries(group, f.topic_slugs):
        return False
    if f.formats is not None and group.format not in f.formats:
        return False
    if f.reach is not None and group.reach is not f.reach:
        return False
    if f.open_for_new_members is not None and group.open_for_new_members != f.open_for_new_members:
        return False
    if f.near is not None and not _near(group, f.near):
        return False
    return _facts(group, f)


def _near(group: Any, near: Near) -> bool:
    shown = shown_distance_km(group, near)
    if shown is not None and shown <= near.radius_km:
        return True
    if group.format not in (GroupFormat.DIGITAL, GroupFormat.HYBRID):
        return False
    if group.reach is GroupReach.NATIONWIDE:
        return True
    return group.reach is GroupReach.STATE and near.land == group.region_code


def _facts(group: Any, f: GroupFilter) -> bool:
    if f.statuses is not None and group.status not in f.statuses:
        return False
    if f.audience is not None and group.audience not in audiences(f.audience):
        return False
    if f.language is not None and f.language not in group.languages.split():
        return False
    wheelchair = f.wheelchair_accessible
    if wheelchair is not None and group.wheelchair_accessible is not wheelchair:
        return False
    return f.contact_point_key is None or group.contact_point_key == f.contact_point_key


def score(group: Any, f: GroupFilter) -> int:
    """1, plus 2 when the name has every word, plus 1 when the group carries a topic the text
    names (criteria.score)."""
    if not f.terms:
        return 1
    name = stems(group.name)
    by_name = 2 if all(_has_prefix(name, _stem(t.word)) for t in f.terms) else 0
    named = f.named_slugs
    return 1 + by_name + (1 if named and _carries(group, named) else 0)


def rank(group: Any, f: GroupFilter, order: Order) -> tuple[float, float | None]:
    """(rank, shown distance) as criteria.rank orders results, ascending."""
    km = shown_distance_km(group, f.near)
    if order is Order.DISTANCE:
        return (NO_PLACE_KM if km is None else km), km
    if f.near is None:
        return float(-score(group, f)), km
    return -score(group, f) * SCORE_SCALE + (NO_PLACE_KM if km is None else km), km


def after(rank_value: float, key: Any, seek: Seek | None, seek_key: Any, backward: bool) -> bool:
    """Whether (rank, key) lies after `seek` (`backward`: before it), as criteria.after."""
    if seek is None:
        return True
    if backward:
        if seek.key is None:
            return rank_value <= seek.rank if seek.inclusive else rank_value < seek.rank
        return rank_value < seek.rank or (rank_value == seek.rank and key < seek_key)
    if seek.key is None:
        return rank_value >= seek.rank if seek.inclusive else rank_value > seek.rank
    return rank_value > seek.rank or (rank_value == seek.rank and key > seek_key)


def facets(groups: Sequence[Any]) -> Facets:
    """Counts per format and per national topic slug the groups carry."""
    formats: dict[GroupFormat, int] = {}
    topics: dict[str, int] = {}
    for group in groups:
        formats[group.format] = formats.get(group.format, 0) + 1
        for slug in set(group.topic_slugs):
            topics[slug] = topics.get(slug, 0) + 1
    return Facets(total=len(groups), formats=formats, topics=topics)
