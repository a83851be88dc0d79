"""HSDS records read from the registry's store functions and the region sources: the lanes of
each list, the filters they take, and the mapping of their rows (mapping.py).

Made per request (API) or per run (export): it holds the request's RegionCalls, so a region
that fails is left out of the whole answer and named in `unavailable`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from regions.registry import SOURCE
from regions.registry.store import contact_points as cp_store
from regions.registry.store import groups as group_store
from regions.registry.store import organisations as org_store
from regions.registry.store import postal_codes, vocabulary
from regions.registry.store import search as search_store
from regions.registry.store import topics as topic_store
from regions.registry.store.paging import fetch_all
from regions.sources.protocol import GroupFilter, Near, RegionGroup, RegionSource, Term
from regions.sources.search.analysis import query_words, stem
from regions.sources.vocabulary import GroupFormat

from ..federation.calls import RegionCalls
from . import ids, mapping
from .lanes import Lane, RegionLane, SqlLane
from .params import BadParameter

IN_PERSON = (GroupFormat.IN_PERSON, GroupFormat.HYBRID)


@dataclass(frozen=True, slots=True)
class Filters:
    terms: tuple[Term, ...] = ()
    topic_ids: Sequence[int] | None = None
    topic_slugs: Sequence[str] | None = None
    organization: ids.Ref | None = None
    modified_after: datetime | None = None
    near: Near | None = None


class Reader:
    def __init__(self, engine: Any, sources: Mapping[str, RegionSource]) -> None:
        self.engine = engine
        self.regions = RegionCalls(sources)
        self._topics: dict[int, mapping.PublicTopic] | None = None
        self._by_slug: dict[str, mapping.PublicTopic] = {}

    @property
    def unavailable(self) -> dict[str, str]:
        return dict(sorted(self.regions.failed.items()))

    @property
    def region_codes(self) -> list[str]:
        return list(self.regions.sources)

    # -- filters --------------------------------------------------------------------------

    async def filters(
        self,
        text: str | None = None,
        term: ids.Ref | None = None,
        organization: ids.Ref | None = None,
        modified_after: datetime | None = None,
        place: tuple[str, float] | None = None,
    ) -> Filters:
        terms: tuple[Term, ...] = ()
        if text is not None:
            words = query_words(text)
            if not words:
                raise BadParameter("search", "no words to search for (only stop words)")
            stems = [stem(w) for w in words]
            named = await vocabulary.named_topics(self.engine, stems)
            tree = await vocabulary.trees(
                self.engine, sorted({t for found in named.values() for t in found})
            )
            terms = tuple(
                Term(w, s, tuple(sorted({x for t in named.get(s, ()) for x in tree.get(t, [])})))
                for w, s in zip(words, stems, strict=True)
            )
        topic_ids = topic_slugs = None
        if term is not None:
            if not term.key.isdigit():
                raise BadParameter("taxonomy_term_id", "no such taxonomy term")
            topic_ids = await topic_store.subtree(self.engine, [int(term.key)], "id")
            if not topic_ids:
                raise BadParameter("taxonomy_term_id", "no such taxonomy term")
            topic_slugs = await topic_store.subtree(self.engine, [int(term.key)], "slug")
        near = None
        if place is not None:
            row = await postal_codes.by_code(self.engine, place[0])
            if row is None:
                raise BadParameter("postcode", f"unknown postal code {place[0]}")
            near = Near(row.latitude, row.longitude, place[1], row.region_code)
        if organization is not None and not organization.key.isdigit():
            raise BadParameter("organization_id", "no such organization")
        return Filters(terms, topic_ids, topic_slugs, organization, modified_after, near)

    # -- topics ---------------------------------------------------------------------------

    async def topics(self) -> dict[int, mapping.PublicTopic]:
        """The national vocabulary (a few hundred topics), once per reader."""
        if self._topics is None:
            rows = await fetch_all(self.engine, select(topic_store.topics))
            self._topics = {r.id: mapping.public_topic(r) for r in rows}
            self._by_slug = {t.slug: t for t in self._topics.values()}
        return self._topics

    async def _topics_of(self, link: Any, keys: Sequence[int]) -> dict[int, list[Any]]:
        if not keys:
            return {}
        found = await link(self.engine, keys)
        return {k: [mapping.public_topic(r) for r in rows] for k, rows in found.items()}

    def terms_stmt(self, text: str | None, parent: ids.Ref | None, top_only: bool) -> Select[Any]:
        stmt = topic_store.filtered(text)
        if parent is not None:
            stmt = stmt.where(topic_store.topics.c.parent_id == int(parent.key))
        if top_only:
            stmt = stmt.where(topic_store.topics.c.parent_id.is_(None))
        return stmt

    def term_lane(self, stmt: Select[Any]) -> Lane:
        async def objects(rows: Sequence[Any]) -> list[dict[str, Any]]:
            return [mapping.term(mapping.public_topic(r)) for r in rows]

        return SqlLane(self.engine, stmt, topic_store.topics.c.id, objects)

    # -- mapping rows in batches (one statement per kind of related row and batch) -----

    async def organisations(self, rows: Sequence[Any]) -> list[mapping.PublicOrganisation]:
        return [mapping.public_organisation(r) for r in rows]

    async def org_objects(self, rows: Sequence[Any], as_service: bool) -> list[dict[str, Any]]:
        tagged = await self._topics_of(topic_store.of_organisations, [r.id for r in rows])
        orgs = [mapping.public_organisation(r) for r in rows]
        if as_service:
            return [mapping.offer(o, tagged.get(o.id, [])) for o in orgs]
        return [mapping.organization(o, tagged.get(o.id, [])) for o in orgs]

    async def contact_points(self, rows: Sequence[Any]) -> list[mapping.PublicContactPoint]:
        keys = [r.id for r in rows]
        if not keys:
            return []
        hours = await cp_store.hours(self.engine, keys)
        districts = await cp_store.served_districts(self.engine, keys)
        return [
            mapping.public_contact_point(r, hours.get(r.id, []), districts.get(r.id, []))
            for r in rows
        ]

    async def registry_groups(self, rows: Sequence[Any]) -> list[mapping.PublicGroup]:
        tagged = await self._topics_of(topic_store.of_groups, [r.id for r in rows])
        return [
            mapping.public_group(
                r, str(r.id), r.contact_point_id, [t.id for t in tagged.get(r.id, [])]
            )
            for r in rows
        ]

    async def region_groups(self, groups: Sequence[RegionGroup]) -> list[mapping.PublicGroup]:
        await self.topics()
        out = []
        for g in groups:
            found = [self._by_slug[s].id for s in g.topic_slugs if s in self._by_slug]
            out.append(mapping.public_group(g, g.key, g.contact_point_key, found))
        return out

    async def group_objects(
        self, groups: Sequence[mapping.PublicGroup], form: str
    ) -> list[dict[str, Any]]:
        topics = await self.topics()

        def of(g: mapping.PublicGroup) -> list[mapping.PublicTopic]:
            return sorted((topics[t] for t in g.topic_ids if t in topics), key=lambda t: t.name)

        if form == "sal":
            return [mapping.group_at_location(g) for g in groups]
        if form == "location":
            return [mapping.meeting_place(g) for g in groups]
        return [mapping.group_service(g, of(g), full=form == "full") for g in groups]

    # -- lanes of each list ---------------------------------------------------------------

    def _org_kind(self, f: Filters) -> str | None:
        return None if f.organization is None else f.organization.kind

    def offer_stmt(self, f: Filters) -> Select[Any] | None:
        if self._org_kind(f) == ids.CONTACT_POINT or f.near is not None:
            return None
        stmt = org_store.filtered(
            org_store.OrganisationFilter(topic_ids=f.topic_ids),
            search_store.matching(search_store.ORGANISATIONS, GroupFilter(terms=f.terms)),
        )
        o = org_store.organisations
        if self._org_kind(f) == ids.ORGANIZATION:
            stmt = stmt.where(o.c.id == int(f.organization.key))  # type: ignore[union-attr]
        if f.modified_after is not None:
            stmt = stmt.where(o.c.updated_at >= f.modified_after)
        return stmt

    def contact_point_stmt(self, f: Filters) -> Select[Any] | None:
        if self._org_kind(f) == ids.ORGANIZATION or f.topic_ids is not None:
            return None
        stmt = search_store.matching(
            search_store.CONTACT_POINTS, GroupFilter(terms=f.terms, near=f.near)
        )
        c = cp_store.contact_points
        if self._org_kind(f) == ids.CONTACT_POINT:
            stmt = stmt.where(c.c.id == int(f.organization.key))  # type: ignore[union-attr]
        if f.modified_after is not None:
            stmt = stmt.where(c.c.updated_at >= f.modified_after)
        return stmt

    def _pushed(self, f: Filters, in_person: bool) -> GroupFilter:
        return GroupFilter(
            topic_slugs=f.topic_slugs,
            terms=f.terms,
            formats=IN_PERSON if in_person else None,
            near=f.near,
        )

    def group_stmt(self, f: Filters, in_person: bool) -> Select[Any] | None:
        if self._org_kind(f) == ids.ORGANIZATION:
            return None
        stmt = search_store.groups_matching(self._pushed(f, in_person), None)
        g = group_store.groups
        if self._org_kind(f) == ids.CONTACT_POINT:
            stmt = stmt.where(g.c.contact_point_id == int(f.organization.key))  # type: ignore[union-attr]
        if f.modified_after is not None:
            stmt = stmt.where(g.c.updated_at >= f.modified_after)
        return stmt

    def region_group_lanes(self, f: Filters, form: str, in_person: bool) -> list[Lane]:
        if self._org_kind(f) == ids.ORGANIZATION:
            return []
        point = None
        if self._org_kind(f) == ids.CONTACT_POINT:
            if f.terms or f.near is not None:
                raise BadParameter(
                    "organization_id",
                    "a contact point's groups cannot be searched by words or place",
                )
            point = int(f.organization.key)  # type: ignore[union-attr]
        keep = _keep(f, in_person, point is not None)

        async def objects(groups: Sequence[RegionGroup]) -> list[dict[str, Any]]:
            return await self.group_objects(await self.region_groups(groups), form)

        return [
            RegionLane(self.regions, code, self._pushed(f, in_person), objects, keep, point)
            for code in self.regions.sources
        ]

    def service_lanes(self, f: Filters, full: bool) -> list[Lane]:
        form = "full" if full else "list"
        lanes: list[Lane] = []
        stmt = self.offer_stmt(f)
        if stmt is not None:
            lanes.append(
                SqlLane(
                    self.engine,
                    stmt,
                    org_store.organisations.c.id,
                    lambda rows: self.org_objects(rows, as_service=True),
                )
            )
        stmt = self.contact_point_stmt(f)
        if stmt is not None:

            async def supports(rows: Sequence[Any]) -> list[dict[str, Any]]:
                return [mapping.support(cp) for cp in await self.contact_points(rows)]

            lanes.append(SqlLane(self.engine, stmt, cp_store.contact_points.c.id, supports))
        stmt = self.group_stmt(f, in_person=False)
        if stmt is not None:

            async def groups(rows: Sequence[Any]) -> list[dict[str, Any]]:
                return await self.group_objects(await self.registry_groups(rows), form)

            lanes.append(SqlLane(self.engine, stmt, group_store.groups.c.id, groups))
        return lanes + self.region_group_lanes(f, form, in_person=False)

    def sal_lanes(self, f: Filters) -> list[Lane]:
        lanes: list[Lane] = []
        stmt = self.contact_point_stmt(f)
        if stmt is not None:

            async def offices(rows: Sequence[Any]) -> list[dict[str, Any]]:
                out = []
                for cp in await self.contact_points(rows):
                    sal = mapping.support_at_office(cp)
                    sal["location"] = mapping._drop_none(mapping.office(cp))
                    out.append(sal)
                return out

            lanes.append(SqlLane(self.engine, stmt, cp_store.contact_points.c.id, offices))
        stmt = self.group_stmt(f, in_person=True)
        if stmt is not None:

            async def groups(rows: Sequence[Any]) -> list[dict[str, Any]]:
                return await self.group_objects(await self.registry_groups(rows), "sal")

            lanes.append(SqlLane(self.engine, stmt, group_store.groups.c.id, groups))
        return lanes + self.region_group_lanes(f, "sal", in_person=True)

    def organization_lanes(self, f: Filters) -> list[Lane]:
        lanes: list[Lane] = []
        stmt = self.offer_stmt(f)
        if stmt is not None:
            lanes.append(
                SqlLane(
                    self.engine,
                    stmt,
                    org_store.organisations.c.id,
                    lambda rows: self.org_objects(rows, as_service=False),
                )
            )
        stmt = self.contact_point_stmt(f)
        if stmt is not None:

            async def points(rows: Sequence[Any]) -> list[dict[str, Any]]:
                return [
                    mapping.contact_point_organization(cp) for cp in await self.contact_points(rows)
                ]

            lanes.append(SqlLane(self.engine, stmt, cp_store.contact_points.c.id, points))
        return lanes

    # -- one record by id -----------------------------------------------------------------

    async def _registry_group(self, key: str) -> mapping.PublicGroup | None:
        if not key.isdigit():
            return None
        found = await group_store.by_ids(self.engine, [int(key)])
        row = found.get(int(key))
        return None if row is None else (await self.registry_groups([row]))[0]

    async def group(self, ref: ids.Ref) -> mapping.PublicGroup | None:
        if ref.source == SOURCE:
            return await self._registry_group(ref.key)
        source = self.regions.sources.get(ref.source)
        if source is None or not source.valid_key(ref.key):
            return None
        found = await self.regions.group(ref.source, ref.key)
        return None if found is None else (await self.region_groups([found]))[0]

    async def contact_point(self, ref: ids.Ref) -> mapping.PublicContactPoint | None:
        if ref.source != SOURCE or not ref.key.isdigit():
            return None
        found = await cp_store.by_ids(self.engine, [int(ref.key)])
        row = found.get(int(ref.key))
        return None if row is None else (await self.contact_points([row]))[0]

    async def organisation_row(self, ref: ids.Ref) -> Any:
        if ref.source != SOURCE or not ref.key.isdigit():
            return None
        return (await org_store.by_ids(self.engine, [int(ref.key)])).get(int(ref.key))

    async def service(self, ref: ids.Ref) -> dict[str, Any] | None:
        if ref.kind == ids.GROUP:
            g = await self.group(ref)
            return None if g is None else (await self.group_objects([g], "full"))[0]
        if ref.kind == ids.SUPPORT:
            cp = await self.contact_point(ref)
            return None if cp is None else mapping.support(cp)
        if ref.kind == ids.OFFER:
            row = await self.organisation_row(ref)
            return None if row is None else (await self.org_objects([row], True))[0]
        return None

    async def service_at_location(self, ref: ids.Ref) -> dict[str, Any] | None:
        if ref.kind == ids.SAL:
            g = await self.group(ref)
            return None if g is None or not g.meets_in_person else mapping.group_at_location(g)
        if ref.kind == ids.SAL_OFFICE:
            cp = await self.contact_point(ref)
            if cp is None:
                return None
            sal = mapping.support_at_office(cp)
            sal["location"] = mapping._drop_none(mapping.office(cp))
            return sal
        return None

    async def organization(self, ref: ids.Ref, full_service: bool) -> dict[str, Any] | None:
        if ref.kind == ids.ORGANIZATION:
            row = await self.organisation_row(ref)
            if row is None:
                return None
            org = (await self.org_objects([row], False))[0]
            services = await self.org_objects([row], True)
        elif ref.kind == ids.CONTACT_POINT:
            cp = await self.contact_point(ref)
            if cp is None:
                return None
            org = mapping.contact_point_organization(cp)
            services = [mapping.support(cp)]
            f = Filters(organization=ref)
            for lane in [self._registry_lane_of(f), *self.region_group_lanes(f, "full", False)]:
                async for part in lane.chunks(100):
                    services += part
        else:
            return None
        org["services"] = services if full_service else [{"id": s["id"]} for s in services]
        return org

    def _registry_lane_of(self, f: Filters) -> Lane:
        async def groups(rows: Sequence[Any]) -> list[dict[str, Any]]:
            return await self.group_objects(await self.registry_groups(rows), "full")

        stmt = self.group_stmt(f, in_person=False)
        assert stmt is not None
        return SqlLane(self.engine, stmt, group_store.groups.c.id, groups)


def _keep(f: Filters, in_person: bool, by_point: bool):
    """What the region cannot filter itself: change date; for a contact point's groups
    (asked by contact point, not by filter) also topics and format."""
    after = f.modified_after
    slugs = None if f.topic_slugs is None else set(f.topic_slugs)
    if after is None and not by_point:
        return None

    def keep(g: RegionGroup) -> bool:
        if after is not None and _aware(g.updated_at) < after:
            return False
        if by_point and slugs is not None and not slugs.intersection(g.topic_slugs):
            return False
        return not (by_point and in_person and g.format not in IN_PERSON)

    return keep


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
