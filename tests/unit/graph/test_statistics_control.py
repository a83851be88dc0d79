"""Disclosure control of counts: small counts suppressed, complementary suppression and
rounding, and a differencing attacker that recovers none of them."""

from __future__ import annotations

import random

import pytest

from graph.statistics.control import Shown, publish, rounded, suppress
from tests.differencing import recovered


def as_published(values, lines, exact=False):  # type: ignore[no-untyped-def]
    return {k: (p.label, p.count) for k, p in publish(values, lines, exact=exact).items()}


def test_small_counts_are_suppressed_and_zero_and_large_ones_rounded() -> None:
    values = {"total": 117, "a": 3, "b": 0, "c": 40, "d": 74}
    shown = publish(values, [("total", ["a", "b", "c", "d"])], exact=False)
    assert (shown["a"].count, shown["a"].label, shown["a"].shown) == (None, "<5", Shown.SMALL)
    assert shown["b"].count == 0
    # one small cell alone would be total minus the others: the smallest shown cell >= 8 goes too
    assert (shown["c"].count, shown["c"].label) == (None, "x")
    assert shown["d"].count == 75 and shown["total"].count == 115


def test_exact_callers_get_every_value() -> None:
    shown = publish({"total": 4, "a": 3, "b": 1}, [("total", ["a", "b"])], exact=True)
    assert {k: p.count for k, p in shown.items()} == {"total": 4, "a": 3, "b": 1}


def test_rounding_is_within_two_and_deterministic() -> None:
    for value in range(5, 500):
        assert abs(rounded(value) - value) <= 2 and rounded(value) % 5 == 0


def test_without_a_cover_the_margin_is_suppressed() -> None:
    # cells 3 and 6: nothing >= 8 to protect with, so the total goes
    hidden = suppress({"total": 9, "a": 3, "b": 6}, [("total", ["a", "b"])])
    assert hidden == {"a": Shown.SMALL, "total": Shown.PROTECTING}


def test_a_boundary_case_rounding_alone_would_give_away() -> None:
    # two cells of 4 and a total of 8: "<5", "<5" and "10" (8..12) would pin both to 4
    values = {"total": 8, "a": 4, "b": 4}
    lines = [("total", ["a", "b"])]
    assert recovered(as_published(values, lines), lines) == {}


def table_2d(rng: random.Random, rows: int, cols: int):  # type: ignore[no-untyped-def]
    cells = {
        (r, c): rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 20, 33])
        for r in range(rows)
        for c in range(cols)
    }
    values: dict = dict(cells)
    lines = []
    for r in range(rows):
        row = [(r, c) for c in range(cols)]
        values[("row", r)] = sum(cells[k] for k in row)
        lines.append((("row", r), row))
    for c in range(cols):
        col = [(r, c) for r in range(rows)]
        values[("col", c)] = sum(cells[k] for k in col)
        lines.append((("col", c), col))
    values["total"] = sum(cells.values())
    lines.append(("total", [("row", r) for r in range(rows)]))
    lines.append(("total", [("col", c) for c in range(cols)]))
    return values, lines


@pytest.mark.parametrize("seed", range(80))
def test_no_differencing_attack_recovers_a_suppressed_cell_of_a_random_table(seed: int) -> None:
    rng = random.Random(seed)
    values, lines = table_2d(rng, rng.randint(1, 5), rng.randint(1, 6))
    published = as_published(values, lines)
    assert recovered(published, lines) == {}
    # and every count below 5 is suppressed
    assert all(published[k][1] is None for k, v in values.items() if 0 < v < 5)


def test_the_attacker_recovers_a_cell_that_primary_suppression_alone_protects() -> None:
    # the tests above can fail: the attacker pins a small cell next to exact counts
    from tests.differencing import attack

    lines = [("total", ["a", "b"])]
    assert attack({"total": (43, 43), "a": (1, 4), "b": (40, 40)}, lines)["a"] == (3, 3)
    # and the boundary case with rounding alone: 4 + 4 shown as "<5", "<5", "10"
    assert recovered({"total": ("10", 10), "a": ("<5", None), "b": ("<5", None)}, lines) == {
        "a": (4, 4),
        "b": (4, 4),
    }


def test_under_a_public_total_the_one_cell_of_a_line_is_the_total_itself() -> None:
    values = {"total": 3, ("kind", "GROUP"): 3, ("region", "DE-NW"): 2, ("region", None): 1}
    lines = [("total", [("kind", "GROUP")]), ("total", [("region", "DE-NW"), ("region", None)])]
    shown = publish(values, lines, exact=False, fixed=frozenset({"total"}))
    assert (shown["total"].count, shown[("kind", "GROUP")].count) == (3, 3)
    assert shown[("region", "DE-NW")].count is None and shown[("region", None)].count is None


def test_a_line_without_a_cover_under_a_public_total_is_withheld_whole() -> None:
    values = {"total": 9, "a": 3, "b": 6}
    shown = publish(values, [("total", ["a", "b"])], exact=False, fixed=frozenset({"total"}))
    assert [shown[k].label for k in ("total", "a", "b")] == ["9", "<5", "x"]
