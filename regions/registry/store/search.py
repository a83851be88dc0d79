"""Search in the national registry: groups, organisations, contact points and rare-condition
searches, filtered and ranked in one statement (the same criteria the region sources use),
and the facet counts of the whole result in two more.

The statements of one shape of search (its kinds, filters, order, number of words, a place
or none, the form of its seeks) are built once and kept (`_SHAPES`); a request runs them
with its own words, place and seeks as the values of named parameters (see binds)."""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    false,
    func,
    literal,
    not_,
    null,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry.models import Topic
from regions.registry.store import contact_points as cp_store
from regions.registry.store import groups as group_store
from regions.registry.store import organisations as org_store
from regions.registry.store import rare_conditions as rare_store
from regions.registry.store.paging import fetch_all
from regions.sources.search.binds import named
from regions.sources.search.criteria import (
    PLAIN,
    GroupColumns,
    Tagged,
    after,
    group_conditions,
    group_distance,
    rank,
    score,
    seek_values,
    text_conditions,
    words_values,
)
from regions.sources.search.fulltext import matching_keys
from regions.sources.search.geo import distance_km, in_box, near_values, within_radius
from regions.sources.search.query import GroupFilter, Order, Seek

topics = Topic.__table__


class Kind(enum.IntEnum):
    """What a result is; the value is its place in the order of equally ranked results."""

    GROUP = 0
    ORGANISATION = 1
    CONTACT_POINT = 2
    RARE_CONDITION_SEARCH = 3


@dataclass(frozen=True, slots=True)
class NationalSearch:
    """`groups` holds every filter (group-only ones exclude the other kinds when given).
    Its shape's statements and its values are found once, when first asked for, and shared
    by the page and the counts of one request."""

    groups: GroupFilter
    kinds: frozenset[Kind]
    regions: Sequence[str] | None
    order: Order
    # the total is asked for without the facets: a page that ranks every result counts them
    total_wanted: bool = False
    _built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Found:
    kind: Kind
    key: int
    rank: float
    distance_km: float | None


def _tagged(link_owner: ColumnElement[Any], link_topic: ColumnElement[Any], key: Any):
    def tagged(slugs: Sequence[str]) -> ColumnElement[bool]:
        if not slugs:
            return false()
        ids = select(topics.c.id).where(topics.c.slug.in_(sorted(set(slugs))))
        return key.in_(select(link_owner).where(link_topic.in_(ids)))

    return tagged


g = group_store.groups
GROUPS = GroupColumns(
    key=g.c.id,
    index="search_groups",
    latitude=g.c.latitude,
    longitude=g.c.longitude,
    address_withheld=g.c.address_withheld,
    format=g.c.format,
    reach=g.c.reach,
    open_for_new_members=g.c.open_for_new_members,
    tagged=_tagged(
        group_store.group_topics.c.group_id, group_store.group_topics.c.topic_id, g.c.id
    ),
    own=lambda field, value: [value],
    region=g.c.region_code,
    status=g.c.status,
    audience=g.c.audience,
    languages=g.c.languages,
    wheelchair_accessible=g.c.wheelchair_accessible,
    contact_point=g.c.contact_point_id,
)
o = org_store.organisations
ORG_TAGGED = _tagged(
    org_store.organisation_topics.c.organisation_id,
    org_store.organisation_topics.c.topic_id,
    o.c.id,
)
s, c = rare_store.searches, rare_store.conditions
RARE_TAGGED = _tagged(c.c.id, c.c.topic_id, s.c.condition_id)
cp = cp_store.contact_points


@dataclass(frozen=True, slots=True)
class KindSpec:
    """How one kind of record is searched: its index, its topics (None: it has none), its Land
    and, for what has a place of its own, its coordinates."""

    kind: Kind
    key: ColumnElement[Any]
    index: str
    base: Callable[[], Select[Any]]
    region: ColumnElement[Any]
    tagged: Tagged | None
    place: tuple[ColumnElement[Any], ColumnElement[Any]] | None = None


ORGANISATIONS = KindSpec(
    Kind.ORGANISATION,
    o.c.id,
    "search_organisations",
    lambda: select(o),
    o.c.region_code,
    ORG_TAGGED,
)
CONTACT_POINTS = KindSpec(
    Kind.CONTACT_POINT,
    cp.c.id,
    "search_contact_points",
    lambda: select(cp),
    cp.c.region_code,
    None,
    (cp.c.latitude, cp.c.longitude),
)
RARE_SEARCHES = KindSpec(
    Kind.RARE_CONDITION_SEARCH,
    s.c.id,
    "search_rare_condition_searches",
    rare_store.current,
    s.c.region_code,
    RARE_TAGGED,
)
NOWHERE = literal(None, Float)


def _untagged(slugs: Sequence[str]) -> ColumnElement[bool]:
    return false()


def conditions(spec: KindSpec, f: GroupFilter) -> tuple[list[ColumnElement[bool]], Any]:
    """The conditions a filter puts on one kind, and the distance it shows (or NULL).
    What has no place of its own (organisations, rare-condition searches) matches any place."""
    tagged = spec.tagged or _untagged
    out = text_conditions(spec.key, spec.index, f, tagged)
    if f.topic_slugs is not None:
        out.append(tagged(f.topic_slugs) if f.topic_slugs else false())
    distance: Any = NOWHERE
    if f.near is not None and spec.place is not None:
        lat, lon = spec.place
        distance = distance_km(lat, lon, f.near)
        out += [in_box(lat, lon, f.near), within_radius(distance, f.near)]
    return out, distance


def matching(spec: KindSpec, f: GroupFilter) -> Select[Any]:
    """Whole records of one kind a filter matches (the existing connections' filters)."""
    return spec.base().where(*conditions(spec, f)[0])


def groups_matching(f: GroupFilter, region: str | None) -> Select[Any]:
    """The published groups a filter matches, in the registry (the `groups` connection)."""
    stmt = group_store.published().where(*group_conditions(GROUPS, f))
    return stmt if region is None else stmt.where(g.c.region_code == region)


@dataclass(frozen=True, slots=True)
class _Lane:
    """One kind's matching rows: its key, rank and distance, and a select of its (key, Land,
    group format) for the facets."""

    kind: Kind
    key: ColumnElement[Any]
    rank: Any
    distance: Any
    stmt: Select[Any]


@dataclass(slots=True)
class _Shape:
    """The lanes of one shape of search, built `named()`, and the statements made of them
    (by what they are for: the page of given seeks and size, the count, the facets)."""

    lanes: list[_Lane]
    statements: dict[Hashable, Any] = field(default_factory=dict)

    def statement(self, key: Hashable, build: Callable[[], Any]) -> Any:
        stmt = self.statements.get(key)
        if stmt is None:
            with named():
                stmt = self.statements[key] = build()
        return stmt


# Shapes of search last used, at most _SHAPES_KEPT (a shape holds a few statements).
_SHAPES: OrderedDict[Hashable, _Shape] = OrderedDict()
_SHAPES_KEPT = 128


def shape_key(q: NationalSearch) -> Hashable:
    """What a search's statements depend on: everything but the words (their number and the
    topics each names stay) and the place's centre and radius (its Land stays), which the
    statements take as parameters. A field added to GroupFilter is part of it by default.
    The day too: which rare-condition searches are current is written into them."""
    f = q.groups
    rest = replace(
        f,
        terms=(),
        near=None,
        topic_slugs=None if f.topic_slugs is None else tuple(f.topic_slugs),
    )
    terms = tuple(tuple(term.topic_slugs) for term in f.terms)
    place = None if f.near is None else (f.near.land,)
    regions = None if q.regions is None else tuple(q.regions)
    return (rest, terms, place, q.kinds, regions, q.order, date.today())


def _shape(q: NationalSearch) -> _Shape:
    shape = q._built.get("shape")
    if shape is None:
        key = shape_key(q)
        shape = _SHAPES.get(key)
        if shape is None:
            with named():
                shape = _SHAPES[key] = _Shape(_build_lanes(q))
            if len(_SHAPES) > _SHAPES_KEPT:
                _SHAPES.popitem(last=False)
        else:
            _SHAPES.move_to_end(key)
        q._built["shape"] = shape
    return shape  # type: ignore[no-any-return]


def _values(q: NationalSearch) -> dict[str, Any]:
    """The request's values of its shape's parameters: words and place."""
    values = q._built.get("values")
    if values is None:
        values = q._built["values"] = {**words_values(q.groups), **near_values(q.groups.near)}
    return values  # type: ignore[no-any-return]


def _lanes(q: NationalSearch) -> list[_Lane]:
    return list(_shape(q).lanes)


def _build_lanes(q: NationalSearch) -> list[_Lane]:
    f, placed = q.groups, q.groups.near is not None
    # the words that name no topic: each kind's lane joins the keys its index finds for them
    # (the same condition as `text_conditions` puts on them, read from the index first)
    plain = [term.word for term in f.terms if not term.topic_slugs]
    narrowed = replace(f, terms=tuple(t for t in f.terms if t.topic_slugs)) if plain else f

    def found(stmt: Select[Any], key: ColumnElement[Any], index: str) -> Select[Any]:
        if not plain:
            return stmt
        keys = matching_keys(index, plain, PLAIN)
        return stmt.join(keys, keys.c.key == key)

    lanes: list[_Lane] = []
    if Kind.GROUP in q.kinds:
        stmt = groups_matching(narrowed, None).with_only_columns(
            g.c.id, g.c.region_code.label("region"), g.c.format.label("format")
        )
        if q.regions is not None:
            stmt = stmt.where(g.c.region_code.in_(q.regions))
        stmt = found(stmt, g.c.id, GROUPS.index)
        distance = group_distance(GROUPS, f)
        rk = rank(q.order, score(g.c.id, GROUPS.index, f, GROUPS.tagged), distance, placed)
        lanes.append(_Lane(Kind.GROUP, g.c.id, rk, distance, stmt))
    if f.group_only:
        return lanes
    for spec in (ORGANISATIONS, CONTACT_POINTS, RARE_SEARCHES):
        if spec.kind not in q.kinds or (spec.tagged is None and f.topic_slugs is not None):
            continue
        where, distance = conditions(spec, narrowed)
        stmt = (
            spec.base()
            .with_only_columns(spec.key, spec.region.label("region"), null().label("format"))
            .where(*where)
        )
        if q.regions is not None:
            stmt = stmt.where(spec.region.in_(q.regions))
        stmt = found(stmt, spec.key, spec.index)
        relevance = score(spec.key, spec.index, f, spec.tagged or _untagged)
        lanes.append(
            _Lane(spec.kind, spec.key, rank(q.order, relevance, distance, placed), distance, stmt)
        )
    return lanes


def _ranked(lane: _Lane, seek: Seek | None, backward: bool, other: bool = False) -> Select[Any]:
    """A kind's results on the seek's side (`other`: on its other side)."""
    key_value = None if seek is None or seek.key is None else int(seek.key)
    stmt = lane.stmt.with_only_columns(
        literal(int(lane.kind)).label("kind"),
        lane.key.label("key"),
        lane.rank.label("rank"),
        lane.distance.label("distance"),
    )
    wanted = after(lane.rank, lane.key, seek, key_value, backward, _seek_name(lane.kind))
    return stmt.where(not_(wanted) if other else wanted)


def _seek_name(kind: Kind) -> str:
    return f"seek{int(kind)}"


def _seek_form(seek: Seek | None) -> Hashable:
    """What of a seek the statement depends on (its rank and key are parameters)."""
    return None if seek is None else (seek.key is None, seek.inclusive)


def _page_of(
    lane: _Lane, q: NationalSearch, seek: Seek | None, backward: bool, first: int
) -> list[Select[Any]]:
    """A kind's candidates for the page. What has no place ranks alike in DISTANCE order
    (after every placed result): a kind without a place of its own, and the groups without
    one (the digital ones, most of them). Of those only the next `first` + 1 keys are read,
    in key order from the primary key, not all their matching rows ranked."""
    ranked = _ranked(lane, seek, backward)
    if q.order is not Order.DISTANCE:
        return [ranked]
    key = lane.key.desc() if backward else lane.key
    if lane.distance is NOWHERE:
        return [select(ranked.order_by(key).limit(first + 1).subquery())]
    if lane.kind is not Kind.GROUP:
        return [ranked]
    # a group without a place shows no distance; one with a place that shows none (no
    # longitude) stays with the placed ones, ranked like them
    placeless = ranked.where(g.c.latitude.is_(None)).order_by(key).limit(first + 1)
    return [ranked.where(g.c.latitude.is_not(None)), select(placeless.subquery())]


@dataclass(frozen=True, slots=True)
class FoundPage:
    """Results in (rank, kind, key) order; `more` follow in the direction asked; `beyond`:
    results lie on the other side of a seek."""

    found: list[Found]
    more: bool
    beyond: bool


async def find(
    engine: AsyncEngine,
    q: NationalSearch,
    first: int,
    seeks: Mapping[Kind, Seek | None],
    backward: bool = False,
) -> FoundPage:
    """The next `first` results in (rank, kind, key) order (`backward`: the last `first`
    before the seeks); `seeks` says where each kind continues (a kind missing from it is
    done). One statement: the page, one row more, and one row per kind from behind its seek."""
    shape = _shape(q)
    lanes = [lane for lane in shape.lanes if lane.kind in seeks]
    if not lanes:
        return FoundPage([], False, False)
    forms = tuple((lane.kind, _seek_form(seeks[lane.kind])) for lane in lanes)
    # the first (or last) page in RELEVANCE order ranks every result: it counts them too
    whole = (
        q.total_wanted
        and q.order is Order.RELEVANCE
        and len(lanes) == len(shape.lanes)
        and all(seeks[lane.kind] is None for lane in lanes)
    )
    stmt = shape.statement(
        ("page", forms, first, backward, whole),
        lambda: _page(lanes, q, seeks, backward, first, whole),
    )
    params = dict(_values(q))
    for lane in lanes:
        seek = seeks[lane.kind]
        key_value = None if seek is None or seek.key is None else int(seek.key)
        params.update(seek_values(seek, key_value, _seek_name(lane.kind)))
    rows = [row._mapping for row in await fetch_all(engine, stmt, params)]
    if whole:
        q._built["total"] = int(rows[0]["_total"]) if rows else 0
    mine = sorted(
        (r for r in rows if r["_beyond"] == 0),
        key=lambda r: (r["rank"], r["kind"], r["key"]),
        reverse=backward,
    )
    page = mine[:first]
    if backward:
        page.reverse()
    found = [Found(Kind(r["kind"]), int(r["key"]), float(r["rank"]), r["distance"]) for r in page]
    return FoundPage(found, len(mine) > first, any(r["_beyond"] == 1 for r in rows))


def _page(
    lanes: list[_Lane],
    q: NationalSearch,
    seeks: Mapping[Kind, Seek | None],
    backward: bool,
    first: int,
    whole: bool,
) -> Any:
    """The page's statement (built `named()`: the seeks' rank and key are parameters);
    `whole`: its union holds every result, and each row carries their number (`_total`)."""
    parts = [
        part for lane in lanes for part in _page_of(lane, q, seeks[lane.kind], backward, first)
    ]
    merged = union_all(*parts).subquery()
    order = [merged.c.rank, merged.c.kind, merged.c.key]
    counted = [func.count().over().label("_total")] if whole else []
    main = (
        select(merged, literal(0).label("_beyond"), *counted)
        .order_by(*(column.desc() for column in order) if backward else order)
        .limit(first + 1)
    )
    behind = [
        _ranked(lane, seeks[lane.kind], backward, other=True)
        .add_columns(literal(1).label("_beyond"))
        .limit(1)
        .subquery()
        for lane in lanes
        if seeks[lane.kind] is not None
    ]
    return union_all(select(main.subquery()), *(select(b) for b in behind)) if behind else main


async def count(engine: AsyncEngine, q: NationalSearch) -> int:
    """How many results match, over every kind: one statement (what the facets' counts add
    up to, without grouping them or reading topics), a count per kind, added up here; none
    when the request's page already counted them."""
    total = q._built.get("total")
    if total is not None:
        return int(total)
    shape = _shape(q)
    if not shape.lanes:
        return 0
    stmt = shape.statement("count", lambda: _count(shape.lanes))
    rows = await fetch_all(engine, stmt, _values(q))
    return sum(int(n) for n in rows[0])


def _count(lanes: list[_Lane]) -> Select[Any]:
    """Each kind's count in a column of its own (the first kind's in the statement's own
    count): a kind without conditions is counted from its table's index alone, and no row of
    any kind is passed through a union."""
    counts = [
        lane.stmt.with_only_columns(func.count(), maintain_column_froms=True) for lane in lanes
    ]
    others = [n.correlate(None).scalar_subquery().label(f"n{i}") for i, n in enumerate(counts)]
    return counts[0].add_columns(*others[1:])


@dataclass(frozen=True, slots=True)
class NationalFacets:
    """(kind, Land or None, group format or None) -> count; topic id -> count."""

    cells: dict[tuple[Kind, str | None, Any], int]
    topics: dict[int, int]


async def facets(engine: AsyncEngine, q: NationalSearch) -> NationalFacets:
    """Counts of the whole result by kind, Land and format, and by topic. Two statements."""
    shape = _shape(q)
    if not shape.lanes:
        return NationalFacets({}, {})
    grouped = shape.statement("cells", lambda: _cells(shape.lanes))
    rows = await fetch_all(engine, grouped, _values(q))
    cells = {(Kind(r.kind), r.region, r.format): int(r.n) for r in rows}
    stmt = shape.statement("topics", lambda: _topics(shape.lanes))
    counts: dict[int, int] = {}
    if stmt is not _NO_TOPICS:
        counts = {int(r.topic_id): int(r.n) for r in await fetch_all(engine, stmt, _values(q))}
    return NationalFacets(cells, counts)


def _cells(lanes: list[_Lane]) -> Select[Any]:
    cells_of = [
        lane.stmt.with_only_columns(
            literal(int(lane.kind)).label("kind"),
            lane.stmt.selected_columns.region.label("region"),
            lane.stmt.selected_columns.format.label("format"),
        )
        for lane in lanes
    ]
    merged = union_all(*cells_of).subquery()
    grouped = select(merged.c.kind, merged.c.region, merged.c.format, func.count().label("n"))
    return grouped.group_by(merged.c.kind, merged.c.region, merged.c.format)


_NO_TOPICS = select(null())  # no kind asked for has topics


def _topics(lanes: list[_Lane]) -> Select[Any]:
    tagged = []
    for lane in lanes:
        keys = lane.stmt.with_only_columns(lane.key)
        if lane.kind is Kind.GROUP:
            link = group_store.group_topics
            tagged.append(select(link.c.topic_id).where(link.c.group_id.in_(keys)))
        elif lane.kind is Kind.ORGANISATION:
            link = org_store.organisation_topics
            tagged.append(select(link.c.topic_id).where(link.c.organisation_id.in_(keys)))
        elif lane.kind is Kind.RARE_CONDITION_SEARCH:
            tagged.append(
                select(c.c.topic_id)
                .join(s, s.c.condition_id == c.c.id)
                .where(s.c.id.in_(keys), c.c.topic_id.is_not(None))
            )
    if not tagged:
        return _NO_TOPICS
    all_tags = union_all(*tagged).subquery()
    return select(all_tags.c.topic_id, func.count().label("n")).group_by(all_tags.c.topic_id)
