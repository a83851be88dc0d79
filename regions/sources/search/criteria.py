"""The search conditions, score and rank of self-help groups, written once for every SQL store.

The national registry, a region's SQL database (Bavaria) and NRW's own service describe
their group table with `GroupColumns`; the same filters, the same relevance score and the
same order then hold in every store, which is what lets the graph merge their pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, false, literal, or_, true

from regions.sources.search.binds import value
from regions.sources.search.fulltext import TextMatch, words_value
from regions.sources.search.geo import in_box, shown_distance_km, within_radius
from regions.sources.search.query import NO_PLACE_KM, SCORE_SCALE, GroupFilter, Order, Seek
from regions.sources.vocabulary import Audience, GroupFormat, GroupReach

Tagged = Callable[[Sequence[str]], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class GroupColumns:
    """A store's group table as search sees it.

    `region` is the Land column (None for a region's own store, whose Land is `land`);
    `tagged(slugs)` is the condition "carries one of these national topics";
    `own(field, value)` gives the store's own words for a national value.
    """

    key: ColumnElement[Any]
    index: str
    latitude: ColumnElement[Any]
    longitude: ColumnElement[Any]
    address_withheld: ColumnElement[Any]
    format: ColumnElement[Any]
    reach: ColumnElement[Any]
    open_for_new_members: ColumnElement[Any]
    tagged: Tagged
    own: Callable[[str, Enum], list[Any]]
    region: ColumnElement[Any] | None = None
    land: str | None = None
    status: ColumnElement[Any] | None = None
    audience: ColumnElement[Any] | None = None
    languages: ColumnElement[Any] | None = None
    wheelchair_accessible: ColumnElement[Any] | None = None
    contact_point: ColumnElement[Any] | None = None

    def is_(self, field: str, *values: Enum) -> ColumnElement[bool]:
        words = [word for value in values for word in self.own(field, value)]
        return getattr(self, field).in_(words) if words else false()


def text_conditions(
    key: ColumnElement[Any], index: str, f: GroupFilter, tagged: Tagged
) -> list[ColumnElement[bool]]:
    """Every word must be in the text, or the record must carry a topic the word names.
    Words that name no topic are asked of the index together (one lookup)."""
    plain = [term.word for term in f.terms if not term.topic_slugs]
    out: list[ColumnElement[bool]] = [TextMatch(key, index, plain, name=PLAIN)] if plain else []
    for i, term in enumerate(f.terms):
        if term.topic_slugs:
            word = TextMatch(key, index, [term.word], name=f"w_term{i}")
            out.append(or_(word, tagged(term.topic_slugs)))
    return out


PLAIN = "w_plain"  # the words that name no topic, in a statement built `named()`


def words_values(f: GroupFilter) -> dict[str, Any]:
    """The values of the words' parameters in statements built `named()` (see binds)."""
    out: dict[str, Any] = {
        PLAIN: words_value([term.word for term in f.terms if not term.topic_slugs]),
        "w_name": words_value([term.word for term in f.terms], name_only=True),
    }
    for i, term in enumerate(f.terms):
        out[f"w_term{i}"] = words_value([term.word])
    return out


def score(key: ColumnElement[Any], index: str, f: GroupFilter, tagged: Tagged) -> Any:
    """Relevance, the same small integer in every store (stores' own ranking functions give
    numbers that cannot be compared across stores): 1, plus 2 when the name has every word,
    plus 1 when the record carries a topic the text names."""
    if not f.terms:
        return literal(1)
    named = f.named_slugs
    words = [t.word for t in f.terms]
    by_name = case((TextMatch(key, index, words, name_only=True, name="w_name"), 2), else_=0)
    by_topic = case((tagged(named), 1), else_=0) if named else literal(0)
    return 1 + by_name + by_topic


def group_conditions(cols: GroupColumns, f: GroupFilter) -> list[ColumnElement[bool]]:
    out = text_conditions(cols.key, cols.index, f, cols.tagged)
    if f.topic_slugs is not None:
        out.append(cols.tagged(f.topic_slugs) if f.topic_slugs else false())
    if f.formats is not None:
        out.append(cols.is_("format", *f.formats))
    if f.reach is not None:
        out.append(cols.is_("reach", f.reach))
    if f.open_for_new_members is not None:
        out.append(cols.open_for_new_members.is_(f.open_for_new_members))
    if f.near is not None:
        out.append(near_condition(cols, f))
    return out + group_facts(cols, f)


def audiences(wanted: Audience) -> tuple[Audience, ...]:
    """Groups open to an audience: those for it and those for both."""
    return (wanted,) if wanted is Audience.BOTH else (wanted, Audience.BOTH)


def group_facts(cols: GroupColumns, f: GroupFilter) -> list[ColumnElement[bool]]:
    """Status, audience, language, wheelchair access and contact point: every store has a
    column for each (a store without one could not be asked, and says so by failing)."""
    out: list[ColumnElement[bool]] = []
    if f.statuses is not None:
        out.append(_column(cols, "status").in_(_words(cols, "status", f.statuses)))
    if f.audience is not None:
        wanted = audiences(f.audience)
        out.append(_column(cols, "audience").in_(_words(cols, "audience", wanted)))
    if f.language is not None:
        spoken = literal(" ") + _column(cols, "languages") + literal(" ")
        out.append(spoken.like(f"% {f.language} %"))
    if f.wheelchair_accessible is not None:
        out.append(_column(cols, "wheelchair_accessible").is_(f.wheelchair_accessible))
    if f.contact_point_key is not None:
        out.append(_column(cols, "contact_point") == f.contact_point_key)
    return out


def _column(cols: GroupColumns, name: str) -> ColumnElement[Any]:
    column = getattr(cols, name)
    if column is None:
        raise ValueError(f"this store cannot filter groups by {name}")
    return column


def _words(cols: GroupColumns, field: str, values: Sequence[Enum]) -> list[Any]:
    return [word for value in values for word in cols.own(field, value)]


def group_distance(cols: GroupColumns, f: GroupFilter) -> Any:
    if f.near is None:
        return literal(None, Float)
    return shown_distance_km(cols.latitude, cols.longitude, cols.address_withheld, f.near)


def near_condition(cols: GroupColumns, f: GroupFilter) -> ColumnElement[bool]:
    """Meets within the radius; or is digital/hybrid and reaches the whole country, or the
    whole Land of the postal code."""
    near = f.near
    assert near is not None
    within = and_(
        in_box(cols.latitude, cols.longitude, near),
        within_radius(group_distance(cols, f), near),
    )
    reach_anywhere = [cols.is_("reach", GroupReach.NATIONWIDE)]
    if near.land is not None:
        if cols.region is not None:
            in_land = cols.region == near.land
            reach_anywhere.append(and_(cols.is_("reach", GroupReach.STATE), in_land))
        elif cols.land == near.land:
            reach_anywhere.append(cols.is_("reach", GroupReach.STATE))
    online = cols.is_("format", GroupFormat.DIGITAL, GroupFormat.HYBRID)
    return or_(within, and_(online, or_(*reach_anywhere)))


def rank(order: Order, score_expr: Any, distance: Any, placed: bool) -> Any:
    """What results are ordered by, ascending, in every store: the distance (no place last),
    or the score with the distance breaking ties when a place was given."""
    km = cast(distance, Float)
    if order is Order.DISTANCE:
        return case((km.is_(None), NO_PLACE_KM), else_=km)
    if not placed:
        return cast(-score_expr, Float)
    return -score_expr * SCORE_SCALE + case((km.is_(None), NO_PLACE_KM), else_=km)


def after(
    rank_expr: Any,
    key: ColumnElement[Any],
    seek: Seek | None,
    key_value: Any = None,
    backward: bool = False,
    name: str = "seek",
):
    """Only what comes after `seek` in (rank, key) order (`backward`: before it); `name`
    prefixes the seek's parameters in a statement built `named()` (`seek_values`)."""
    if seek is None:
        return true()
    at = value(f"{name}_rank", seek.rank, rank_expr)
    if backward:
        if seek.key is None:
            return rank_expr <= at if seek.inclusive else rank_expr < at
        behind = value(f"{name}_key", key_value, key)
        return or_(rank_expr < at, and_(rank_expr == at, key < behind))
    if seek.key is None:
        return rank_expr >= at if seek.inclusive else rank_expr > at
    ahead = value(f"{name}_key", key_value, key)
    return or_(rank_expr > at, and_(rank_expr == at, key > ahead))


def seek_values(seek: Seek | None, key_value: Any, name: str = "seek") -> dict[str, Any]:
    """The values of a seek's parameters in a statement built `named()`."""
    if seek is None:
        return {}
    return {f"{name}_rank": seek.rank, f"{name}_key": key_value}
