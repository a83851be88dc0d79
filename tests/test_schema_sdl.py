"""schema.graphql at the root is exactly what the code serves."""

from __future__ import annotations

from pathlib import Path

from graph.schema import build_schema

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_code() -> None:
    exported = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert exported == build_schema().as_str() + "\n", "run `shg schema` and commit the result"
