"""schema.graphql breaks nothing a client of the released schema relies on, unless it was
deprecated first (README, *Schema evolution*)."""

from __future__ import annotations

from pathlib import Path

from graph.evolution import breaking_changes

ROOT = Path(__file__).resolve().parent.parent


def test_schema_breaks_nothing_released_without_deprecation() -> None:
    released = (ROOT / "schema" / "released.graphql").read_text(encoding="utf-8")
    current = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    broken = breaking_changes(released, current)
    assert broken == [], (
        "breaking changes against schema/released.graphql: deprecate first (@deprecated), or "
        "release deliberately with `shg schema --release`:\n" + "\n".join(broken)
    )
