"""Fragments: cycles, unknown fragments, and fan-outs that would explode a naive walk."""

from __future__ import annotations

import time

from tests.attack.conftest import Api, refused


async def test_circular_fragments_are_refused_by_validation(api: Api) -> None:
    query = """
    fragment A on Query { regions(first: 1) { nodes { code } } ...B }
    fragment B on Query { __typename ...A }
    { ...A }
    """
    api.statements.clear()
    body = await api.body(query)
    assert body.get("data") is None
    assert len(body["errors"]) == 1
    assert "Cannot spread fragment 'A' within itself via 'B'" in body["errors"][0]["message"]
    assert api.statements == []


async def test_fragment_spreading_itself_is_refused(api: Api) -> None:
    body = await api.body("fragment A on Query { __typename ...A } { ...A }")
    assert body.get("data") is None
    assert "within itself" in body["errors"][0]["message"]


async def test_unknown_fragment_is_a_validation_error_not_a_crash(api: Api) -> None:
    body = await api.body("{ ...Missing }")
    assert body.get("data") is None
    assert body["errors"][0]["message"] == "Unknown fragment 'Missing'."


async def test_a_fan_of_fragments_is_measured_fast_and_refused(api: Api) -> None:
    # F0 spreads F1 twice, F1 spreads F2 twice ... : 2**40 paths to a naive walk
    levels = 40
    parts = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    parts.append(f"fragment F{levels} on Query {{ __typename }}")
    query = " ".join(parts) + " { ...F0 }"
    started = time.perf_counter()
    error = refused(await api.body(query), "fields", "cost")
    assert error["extensions"]["actual"] == 2**levels
    # a naive walk takes 2**40 steps (hours); measured once per fragment it is milliseconds,
    # so 10 s leaves a loaded 2-core CI machine room and still fails the naive walk
    assert time.perf_counter() - started < 10
