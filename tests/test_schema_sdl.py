"""schema.graphql at the root is exactly what the code serves."""

from __future__ import annotations

from pathlib import Path

from graph.protected import PROTECTIONS, with_table
from graph.schema import build_schema

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_code() -> None:
    exported = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert exported == build_schema().as_str() + "\n", "run `shg schema` and commit the result"


def test_readme_table_of_protected_fields_matches_the_declarations() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_table(readme), "run `shg schema` and commit the result"


def test_every_protected_field_is_declared_and_every_declaration_is_a_guarded_field() -> None:
    schema = build_schema()._schema
    guarded = {
        f"{name}.{field_name}"
        for name, type_ in schema.type_map.items()
        for field_name, field in getattr(type_, "fields", {}).items()
        if "Protected personal data" in (field.description or "")
    }
    assert guarded == {rule.field for rule in PROTECTIONS}
    for rule in PROTECTIONS:
        if rule.reason:
            reason = rule.reason.split("_")[0] + "".join(
                p.title() for p in rule.reason.split("_")[1:]
            )
            assert reason in schema.type_map[rule.type_name].fields, rule
