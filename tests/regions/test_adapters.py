"""The adapters' batch contract: one statement or one request per batch, misses absent."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from regions.sources.protocol import GroupFilter, Term
from regions.sources.search.analysis import document, stem
from tests.conftest import SqlLog
from tests.regions.conftest import NrwService


async def test_bavaria_batches_by_key_in_one_statement(
    federated_app: Starlette, sql_per_source: dict[str, SqlLog]
) -> None:
    bavaria = federated_app.state.sources["DE-BY"]
    page = await bavaria.list_in_key_order(GroupFilter(), 5, None)
    keys = [g.key for g in page.groups]
    log = sql_per_source["DE-BY"]
    log.reset()
    found = await bavaria.by_keys([keys[2], "99999999", keys[0], keys[2], "not-a-key"])
    assert log.count == 1
    assert sorted(found) == sorted([keys[0], keys[2]])
    assert all(found[k].topic_slugs for k in found)
    log.reset()
    contacts = await bavaria.contacts_of([keys[1], keys[1], "99999999"])
    assert log.count == 1 and list(contacts) == [keys[1]]
    assert contacts[keys[1]].email and "@" in contacts[keys[1]].email


async def test_nrw_batches_by_key_in_one_request_per_hundred(
    federated_app: Starlette, nrw: NrwService
) -> None:
    source = federated_app.state.sources["DE-NW"]
    page = await source.list_in_key_order(GroupFilter(), 100, None)
    more = await source.list_in_key_order(GroupFilter(), 50, page.groups[-1].key)
    keys = [g.key for g in page.groups + more.groups]
    assert len(keys) == len(set(keys)) == 150
    before = nrw.requests()
    found = await source.by_keys([*keys, keys[0], "NW-999999", "nonsense"])
    assert nrw.requests() - before == 2  # 150 keys: two requests of at most 100
    assert set(found) == set(keys)
    before = nrw.requests()
    contacts: dict[str, Any] = await source.contacts_of(keys[:3])
    assert nrw.requests() - before == 1 and set(contacts) == set(keys[:3])


async def test_pushed_filters_match_the_sources_own_counts(
    federated_app: Starlette, nrw: NrwService
) -> None:
    for code in ("DE-BY", "DE-NW"):
        source = federated_app.state.sources[code]
        words = (Term("gesprächskreis", stem("gesprächskreis")),)
        wanted = GroupFilter(terms=words, open_for_new_members=True)
        total = await source.count(wanted)
        seen, after = [], None
        while True:
            page = await source.list_in_key_order(wanted, 100, after)
            seen += page.groups
            if not page.has_next:
                break
            after = page.groups[-1].key
        assert len(seen) == total > 0
        # full-text: the stem as a prefix of a word of the name, description or town
        stems = [document(g.name, g.description, g.city).split() for g in seen]
        assert all(any(s.startswith("gesprachskreis") for s in doc) for doc in stems)
        assert all(g.open_for_new_members for g in seen)
