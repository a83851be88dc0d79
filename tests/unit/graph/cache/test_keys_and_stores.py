"""The response cache's keys (normalised documents, rights partitions) and its LRU."""

from __future__ import annotations

from graph.cache.keys import ANONYMOUS, document, key, partition
from graph.cache.stores import Entry, MemoryStore
from graph.caller import ANONYMOUS as NOBODY
from graph.caller import Caller, CallerKind, Purpose


def test_spelling_does_not_change_the_document_and_operations_are_typed() -> None:
    one = document("{ groups(first: 5) { nodes { id name } } }")
    two = document("# a comment\n{groups(first:5),{nodes{id,\n name}}}")
    assert one is not None and two is not None and one.text == two.text
    assert one.operation(None) == "query"
    both = document("query A { topics { totalCount } } mutation B { x }")
    assert both is not None
    assert both.operation("A") == "query" and both.operation("B") == "mutation"
    assert both.operation(None) is None  # which one runs is not known: not cached
    assert document("{ broken") is None


def test_volatile_fields_anywhere_are_marked() -> None:
    for query in (
        "{ auditLog { totalCount } }",
        "{ ...F } fragment F on Query { statistics { groups } }",
        "{ __schema { types { name } } }",
        '{ rareConditionSubmission(id: "x", managementKey: "k") { id } }',
        "{ groupRegistrations { totalCount } }",
    ):
        found = document(query)
        assert found is not None and found.volatile, query
    plain = document("{ groups { nodes { id } } }")
    assert plain is not None and not plain.volatile


def test_partitions_are_rights_not_identities() -> None:
    office = Caller(
        kind=CallerKind.REGIONAL_OFFICE,
        scopes=frozenset({"contacts:read:DE-BY", "region:DE-BY:write"}),
        region="DE-BY",
        purpose=Purpose.COORDINATION,
        token_id="a",
        subject="desk 1",
    )
    other_desk = Caller(**{**office.__dict__, "token_id": "b", "subject": "desk 2"})
    assert partition(office, 100) == partition(other_desk, 100)
    assert partition(NOBODY, 5) == ANONYMOUS
    for changed in (
        {"region": "DE-NW"},
        {"purpose": Purpose.ADMINISTRATION},
        {"scopes": frozenset({"contacts:read:DE-BY"})},
        {"kind": CallerKind.PARTNER},
    ):
        assert partition(Caller(**{**office.__dict__, **changed}), 100) != partition(office, 100)
    assert partition(office, 100) != partition(office, 50)  # another cost budget


def test_keys_differ_by_variables_operation_rights_and_version() -> None:
    doc = document("query Q($n: Int) { groups(first: $n) { nodes { id } } }")
    assert doc is not None
    base = key(doc, "Q", {"n": 1}, ANONYMOUS, 7)
    assert base == key(doc, "Q", {"n": 1}, ANONYMOUS, 7)
    assert base != key(doc, "Q", {"n": 2}, ANONYMOUS, 7)
    assert base != key(doc, None, {"n": 1}, ANONYMOUS, 7)
    assert base != key(doc, "Q", {"n": 1}, "partner|contacts:read||referral|5", 7)
    assert base != key(doc, "Q", {"n": 1}, ANONYMOUS, 8)


def test_the_lru_is_bounded_by_entries_and_bytes_and_drops_expired() -> None:
    store = MemoryStore(max_entries=2, max_bytes=10_000)
    for name in ("a", "b"):
        store.put(name, Entry(b"x", '"e"', expires=100.0))
    store.get("a", now=1.0)  # a is used: b goes first
    store.put("c", Entry(b"x", '"e"', expires=100.0))
    assert store.get("b", 1.0) is None and store.get("a", 1.0) and store.get("c", 1.0)
    assert store.get("a", now=100.0) is None and len(store) == 1  # expired: gone
    small = MemoryStore(max_entries=100, max_bytes=1_000)
    small.put("big", Entry(b"x" * 2_000, '"e"', expires=100.0))
    assert len(small) == 0 and small.bytes == 0
