"""The SQL adapter: a region's own database, read through its own engine and its layout."""

from __future__ import annotations

import asyncio
import importlib
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from regions.sources.protocol import (
    CORRECTABLE_FIELDS,
    Correction,
    DeliveryRefused,
    Facets,
    GroupContact,
    GroupFilter,
    Health,
    Hit,
    HitPage,
    Order,
    Page,
    RegionGroup,
    Seek,
    SourceStatus,
    SourceUnavailable,
)
from regions.sources.search import fulltext
from regions.sources.search.criteria import after, group_conditions, group_distance, rank, score
from regions.sources.search.slicing import (
    ranked_statement,
    slice_statement,
    split_ranked,
    split_slice,
)
from regions.sources.sql.layout import FIELDS, SqlLayout
from regions.sources.subjects import ErasureReceipt, SubjectMatch, SubjectRecord
from regions.sources.vocabulary import GroupFormat

FAILURES = (SQLAlchemyError, OSError, TimeoutError, ConnectionError)


class SqlSource:
    """One region's database. Each call is one SQL statement, bounded by the source timeout."""

    def __init__(self, code: str, engine: AsyncEngine, layout: SqlLayout, timeout: float) -> None:
        self.code = code
        self.kind = "sql"
        self.capabilities = layout.capabilities
        self.engine = engine
        self.layout = layout
        self.timeout = timeout
        self.numeric = layout.key.type.python_type is int
        self.columns = layout.search_columns(code)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        await self.engine.dispose()

    def valid_key(self, key: str) -> bool:
        return not self.numeric or (key.isascii() and key.isdigit() and len(key) <= 18)

    def _key(self, key: str) -> Any:
        return int(key) if self.numeric else key

    @asynccontextmanager
    async def _connect(self) -> AsyncIterator[AsyncConnection]:
        try:
            async with asyncio.timeout(self.timeout), self.engine.connect() as conn:
                yield conn
        except FAILURES as exc:
            raise SourceUnavailable(self.code, type(exc).__name__) from exc

    async def _rows(self, stmt: Select[Any]) -> Sequence[Row[Any]]:
        async with self._connect() as conn:
            return (await conn.execute(stmt)).all()

    def _select(self) -> Select[Any]:
        lay = self.layout
        t = lay.topics
        slugs = (
            select(func.aggregate_strings(t.mapping_slug, " "))
            .select_from(t.link.join(t.mapping, t.mapping_keyword == t.link_keyword))
            .where(t.link_group == lay.key)
            .scalar_subquery()
        )  # the topics come with the group: no second query per page
        cols = [lay.key.label("key"), *(lay.columns[name].label(name) for name in FIELDS)]
        return select(*cols, slugs.label("topic_slugs")).where(lay.published)

    def _where(self, stmt: Select[Any], f: GroupFilter) -> Select[Any]:
        return stmt.where(*group_conditions(self.columns, f))

    def _shared(self, field: str, word: Any) -> Any:
        """The shared value of the region's word; a word the layout does not know is as
        unusable as a malformed JSON answer."""
        try:
            return self.layout.values[field][word]
        except KeyError as exc:
            raise SourceUnavailable(self.code, "garbage") from exc

    def _group(self, row: Row[Any]) -> RegionGroup:
        mapping = row._mapping
        data = {name: mapping[name] for name in ("key", *FIELDS)}
        for field in self.layout.values:
            data[field] = self._shared(field, data[field])
        data["key"] = str(data["key"])
        data["topic_slugs"] = tuple(sorted((mapping["topic_slugs"] or "").split()))
        data["address_withheld"] = bool(data["address_withheld"])
        data["open_for_new_members"] = bool(data["open_for_new_members"])
        return RegionGroup(region_code=self.code, source=self.code, **data)

    async def list_in_key_order(
        self, f: GroupFilter, first: int, after: str | None, backward: bool = False
    ) -> Page:
        """One statement (regions.sources.search.slicing)."""
        stmt = self._where(self._select(), f)
        bound = None if after is None else self._key(after)
        rows = await self._rows(slice_statement(stmt, self.layout.key, first, bound, backward))
        found = split_slice(rows, "key", first, backward)
        return Page([self._group(row) for row in found.rows], found.more, found.beyond)

    async def count(self, f: GroupFilter) -> int:
        inner = self._where(select(self.layout.key).where(self.layout.published), f)
        rows = await self._rows(select(func.count()).select_from(inner.subquery()))
        return int(rows[0][0])

    async def find_ranked(
        self, f: GroupFilter, order: Order, first: int, seek: Seek | None, backward: bool = False
    ) -> HitPage:
        """One statement: the groups with their topics, rank and shown distance, in (rank, key)
        order after (`backward`: before) `seek`, and one row from the seek's other side."""
        lay, cols = self.layout, self.columns
        distance = group_distance(cols, f)
        relevance = score(cols.key, cols.index, f, cols.tagged)
        ranked = rank(order, relevance, distance, f.near is not None)
        key_value = None
        if seek is not None and seek.key is not None:
            if not self.valid_key(seek.key):
                raise ValueError(f"not a key of {self.code}: {seek.key!r}")
            key_value = self._key(seek.key)
        stmt = self._where(self._select(), f).add_columns(
            ranked.label("rank"), distance.label("distance_km")
        )
        wanted = after(ranked, lay.key, seek, key_value, backward)
        both = ranked_statement(stmt, ranked, lay.key, first, wanted, seek is not None, backward)
        found = split_ranked(await self._rows(both), "key", first, backward)
        hits = [
            Hit(
                self._group(row),
                float(row.rank),
                None if row.distance_km is None else float(row.distance_km),
            )
            for row in found.rows
        ]
        return HitPage(hits, has_next=found.more, beyond=found.beyond)

    async def facets(self, f: GroupFilter) -> Facets:
        """Two statements on one connection: the matches per format, and per topic slug."""
        lay = self.layout
        own_format = lay.columns["format"]
        per_format = self._where(select(own_format, func.count()).where(lay.published), f).group_by(
            own_format
        )
        t = lay.topics
        matching = self._where(select(lay.key).where(lay.published), f)
        per_topic = (
            select(t.mapping_slug, func.count(func.distinct(t.link_group)))
            .select_from(t.link.join(t.mapping, t.mapping_keyword == t.link_keyword))
            .where(t.link_group.in_(matching))
            .group_by(t.mapping_slug)
        )
        async with self._connect() as conn:
            format_rows = (await conn.execute(per_format)).all()
            topic_rows = (await conn.execute(per_topic)).all()
        formats: dict[GroupFormat, int] = dict.fromkeys(lay.values["format"].values(), 0)
        for word, n in format_rows:
            national = self._shared("format", word)
            formats[national] += int(n)
        return Facets(
            total=sum(formats.values()),
            formats=formats,
            topics={slug: int(n) for slug, n in topic_rows},
        )

    async def by_keys(self, keys: Sequence[str]) -> dict[str, RegionGroup]:
        wanted = sorted({self._key(k) for k in keys if self.valid_key(k)})
        if not wanted:
            return {}
        rows = await self._rows(self._select().where(self.layout.key.in_(wanted)))
        return {str(row.key): self._group(row) for row in rows}

    async def by_contact_points(
        self, contact_point_keys: Sequence[int], limit: int, f: GroupFilter | None = None
    ) -> dict[int, list[RegionGroup]]:
        lay = self.layout
        column = lay.columns["contact_point_key"]
        rank = func.row_number().over(partition_by=column, order_by=lay.key).label("_rank")
        inner = (
            self._where(self._select(), f or GroupFilter())
            .add_columns(rank)
            .where(column.in_(sorted(set(contact_point_keys))))
        ).subquery()
        stmt = select(inner).where(inner.c._rank <= limit)
        rows = await self._rows(stmt.order_by(inner.c.contact_point_key, inner.c.key))
        out: dict[int, list[RegionGroup]] = defaultdict(list)
        for row in rows:
            out[row.contact_point_key].append(self._group(row))
        return out

    async def contacts_of(self, keys: Sequence[str]) -> dict[str, GroupContact]:
        c = self.layout.contacts
        wanted = sorted({self._key(k) for k in keys if self.valid_key(k)})
        if not wanted:
            return {}
        stmt = select(c.group, c.name, c.phone, c.email, c.meeting_link).where(c.group.in_(wanted))
        return {
            str(row[0]): GroupContact(name=row[1], phone=row[2], email=row[3], meeting_link=row[4])
            for row in await self._rows(stmt)
        }

    async def report_correction(self, delivery_key: str, correction: Correction) -> None:
        """One transaction: nothing if the delivery key is already stored (a repeat), else the
        group must exist and one row goes into the region's corrections table. Two deliveries
        of one key racing each other: the unique key refuses the second, which then finds
        the first and succeeds."""
        target = self.layout.corrections
        if target is None:
            raise DeliveryRefused(self.code, "this region takes no corrections")
        if not self.valid_key(correction.group_key):
            raise DeliveryRefused(self.code, f"not a group key: {correction.group_key!r}")
        if correction.field not in CORRECTABLE_FIELDS:
            raise DeliveryRefused(self.code, f"not a correctable field: {correction.field!r}")
        row = {
            target.delivery_key.name: delivery_key,
            target.group.name: self._key(correction.group_key),
            target.field.name: target.fields.get(correction.field, correction.field),
            target.proposed_value.name: correction.proposed_value,
            target.note.name: correction.note,
            target.reported_at.name: correction.reported_at,
            target.reference.name: correction.reference,
            target.received_at.name: datetime.now(UTC),
        }
        known = select(target.delivery_key).where(target.delivery_key == delivery_key)
        group = select(self.layout.key).where(self.layout.key == self._key(correction.group_key))
        try:
            async with asyncio.timeout(self.timeout), self.engine.begin() as conn:
                if (await conn.execute(known)).first() is not None:
                    return  # delivered before: the answer was lost, not the row
                if (await conn.execute(group)).first() is None:
                    raise DeliveryRefused(self.code, f"no group {correction.group_key}")
                await conn.execute(insert(target.table).values(row))
        except IntegrityError:
            async with self._connect() as conn:
                if (await conn.execute(known)).first() is not None:
                    return
            raise SourceUnavailable(self.code, "could not store the correction") from None
        except FAILURES as exc:
            raise SourceUnavailable(self.code, type(exc).__name__) from exc

    def _subject_statements(self, match: SubjectMatch) -> list[tuple[str, Select[Any]]]:
        c = self.layout.contacts
        stmts = [
            (
                "group_contact",
                select(c.group, c.name, c.phone, c.email, c.meeting_link).where(
                    match.prefilter(email=c.email, phone=c.phone, name=c.name)
                ),
            )
        ]
        k = self.layout.corrections
        if k is not None:
            key = k.table.primary_key.columns.values()[0]
            cols = (key, k.group, k.field, k.proposed_value, k.note, k.reported_at)
            found = match.text_prefilter(k.proposed_value, k.note)
            stmts.append(("correction", select(*cols).where(found)))
        return stmts

    def _subject_record(
        self, kind: str, row: Row[Any], match: SubjectMatch
    ) -> SubjectRecord | None:
        if kind == "group_contact":
            group, name, phone, email, link = row
            on = match.matched_on(email=email, phone=phone, name=name)
            fields = {"name": name, "phone": phone, "email": email, "meetingLink": link}
            return SubjectRecord(kind, str(group), str(group), fields, tuple(on)) if on else None
        key, group, field, proposed, note, reported = row
        on = match.mentioned_in(proposed, note)
        fields = {
            "field": field,
            "proposedValue": proposed,
            "note": note,
            "reportedAt": reported.isoformat() if reported else None,
        }
        return SubjectRecord(kind, str(key), str(group), fields, tuple(on)) if on else None

    async def _subject_rows(
        self, conn: AsyncConnection, match: SubjectMatch
    ) -> list[SubjectRecord]:
        found = []
        for kind, stmt in self._subject_statements(match):
            for row in (await conn.execute(stmt)).all():
                record = self._subject_record(kind, row, match)
                if record is not None:
                    found.append(record)
        return found

    async def subject_records(self, match: SubjectMatch) -> list[SubjectRecord]:
        """The contact persons and the forwarded corrections about the person (two statements
        on one connection), narrowed exactly after the SQL prefilter."""
        async with self._connect() as conn:
            return await self._subject_rows(conn, match)

    async def erase_subject(self, delivery_key: str, match: SubjectMatch) -> ErasureReceipt:
        """One transaction: the records `subject_records` finds, deleted by their keys. A
        repeat finds nothing left and deletes nothing (the region's schema keeps no receipts,
        so a repeat answers zero)."""
        c, k = self.layout.contacts, self.layout.corrections
        deleted = {"group_contact": 0, "correction": 0}
        try:
            async with asyncio.timeout(self.timeout), self.engine.begin() as conn:
                records = await self._subject_rows(conn, match)
                contacts = [self._key(r.key) for r in records if r.kind == "group_contact"]
                if contacts:
                    await conn.execute(delete(c.table).where(c.group.in_(contacts)))
                    deleted["group_contact"] = len(contacts)
                if k is not None:
                    key = k.table.primary_key.columns.values()[0]
                    wrong = [int(r.key) for r in records if r.kind == "correction"]
                    if wrong:
                        await conn.execute(delete(k.table).where(key.in_(wrong)))
                        deleted["correction"] = len(wrong)
        except FAILURES as exc:
            raise SourceUnavailable(self.code, type(exc).__name__) from exc
        return ErasureReceipt(deleted)

    async def health(self) -> Health:
        started = time.perf_counter()
        try:
            await self._rows(select(text("1")))
        except SourceUnavailable as exc:
            return Health(SourceStatus.DOWN, None, exc.reason)
        return Health(SourceStatus.UP, round((time.perf_counter() - started) * 1000, 1))

    async def prepare(self, seed: int, scale: float, groups: int | None) -> int:
        """Create a shipped stand-in's tables and its full-text index, fill them when empty;
        the groups added. The index holds the published groups (name; description and town)."""
        lay = self.layout
        async with self.engine.begin() as conn:
            await conn.run_sync(lay.metadata.create_all)
            empty = (await conn.execute(select(func.count(lay.key)))).scalar_one() == 0
            created = await fulltext.ensure(conn, lay.index, "integer" if self.numeric else "text")
        added = 0
        if empty and groups and lay.fill:
            module, _, name = lay.fill.partition(":")
            fill = getattr(importlib.import_module(module), name)
            added = int(await fill(self.engine, self.code, groups, seed, scale))
        if added or created:
            await self.reindex()
        return added

    async def reindex(self) -> int:
        """Rebuild a stand-in's full-text index from its published groups."""
        lay = self.layout
        c = lay.columns
        stmt = select(lay.key, c["name"], c["description"], c["city"]).where(lay.published)
        async with self.engine.begin() as conn:
            rows = (await conn.execute(stmt)).all()
            docs = [fulltext.group_document(*row) for row in rows]
            return await fulltext.write(conn, lay.index, docs, replace=True)
