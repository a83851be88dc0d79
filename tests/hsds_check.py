"""Validation of HSDS output against the Open Referral HSDS 3.0 schemas in tests/hsds_schemas/
(copied with their licence, so the tests need nothing outside the repository)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent / "hsds_schemas"
BASE = "https://hsds.test/schema/"


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.rglob("*.json"):
        name = path.relative_to(SCHEMAS).as_posix()
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + name, Resource.from_contents(schema, DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """`name`: a schema file, e.g. "service.json" or "compiled/service_list.json"."""
    return Draft202012Validator(
        {"$ref": BASE + name}, registry=_registry(), format_checker=FormatChecker()
    )


def errors(name: str, obj: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(obj)
    ]


def assert_valid(name: str, obj: Any) -> None:
    found = errors(name, obj)
    assert found == [], f"{name}: {found[:5]}"


PAGE_FIELDS = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}


def assert_page(body: dict[str, Any], item_schema: str) -> list[dict[str, Any]]:
    for name, kind in PAGE_FIELDS.items():
        assert isinstance(body.get(name), kind), (name, body.get(name))
    assert body["size"] == len(body["contents"])
    for obj in body["contents"]:
        assert_valid(item_schema, obj)
    return body["contents"]
