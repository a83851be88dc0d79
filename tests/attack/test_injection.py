"""SQL injection: hostile strings in every string argument of the schema change nothing and leak
nothing; each is answered with data or a BAD_USER_INPUT naming the argument."""

from __future__ import annotations

from typing import Any

from graphql import Undefined, get_named_type, is_non_null_type, is_scalar_type

from graph.ids import encode_id
from graph.schema import build_schema
from tests.access_tokens import TokenKeys
from tests.attack.conftest import Api
from tests.conftest import Db

PAYLOADS = [
    "' OR '1'='1",
    "'; DROP TABLE groups; --",
    '" OR 1=1 --',
    "%' OR 1=1 --",
    "' UNION SELECT name, email FROM rare_condition_persons --",
    "1; SELECT pg_sleep(5); --",
    "\\'; DELETE FROM topics WHERE '1'='1",
    "DE-BY' --",
    "\x00'",
]
LEAKS = [
    "syntax error",
    "sqlite",
    "asyncpg",
    "psycopg",
    "sqlalchemy",
    "traceback",
    "operationalerror",
]


def string_arguments() -> list[tuple[str, str, str]]:
    """(field, argument, GraphQL type) for every String or ID argument of a root field."""
    query_type = build_schema()._schema.query_type
    assert query_type is not None
    found = []
    for name, field in query_type.fields.items():
        for arg_name, arg in field.args.items():
            if get_named_type(arg.type).name in ("String", "ID"):
                found.append((name, arg_name, str(arg.type)))
    return found


def probe_query(field: str, argument: str, type_: str) -> str:
    """The argument under test as a variable; every other required ID argument a real id."""
    query_type = build_schema()._schema.query_type
    assert query_type is not None
    others = "".join(
        f', {name}: "{encode_id("Group", "nakos", 1)}"'
        for name, arg in query_type.fields[field].args.items()
        if name != argument and is_non_null_type(arg.type) and arg.default_value is Undefined
    )
    scalar = is_scalar_type(get_named_type(query_type.fields[field].type))
    selection = "" if scalar else " { __typename }"  # a JSON document (subjectAccess)
    return f"query($v: {type_}) {{ {field}({argument}: $v{others}){selection} }}"


def value(type_: str, payload: str) -> Any:
    return [payload] if type_.startswith("[") else payload


async def test_every_string_argument_is_covered() -> None:
    arguments = {(f, a) for f, a, _ in string_arguments()}
    assert ("groups", "text") in arguments and ("node", "id") in arguments
    assert ("region", "code") in arguments and ("contactPoints", "postalCode") in arguments
    assert len(arguments) >= 15


CURSORS = ("after", "before")
# the root list that reaches each nested connection, and one id-only selection below it
NESTED = {
    "Region": "regions(first: 1)",
    "Topic": "topics(first: 1)",
    "ContactPoint": "contactPoints(first: 1)",
}


def nested_string_arguments() -> list[tuple[str, str, str]]:
    """(type, field, argument) for every String or ID argument below the root."""
    schema = build_schema()._schema
    return [
        (type_name, field_name, arg_name)
        for type_name, type_ in schema.type_map.items()
        if not type_name.startswith("__") and type_ is not schema.query_type
        for field_name, field in (getattr(type_, "fields", None) or {}).items()
        for arg_name, arg in getattr(field, "args", {}).items()
        if get_named_type(arg.type).name in ("String", "ID")
    ]


async def test_no_string_argument_hides_below_the_root() -> None:
    """The probe sends payloads to root fields and to the cursors of nested connections; any
    other String argument on a nested field would need a probe of its own, so this fails when
    one appears."""
    nested = nested_string_arguments()
    assert [a for a in nested if a[2] not in CURSORS] == []
    assert {t for t, _, _ in nested} <= set(NESTED)


async def test_injection_strings_in_nested_cursors(api: Api, db: Db) -> None:
    """A hostile cursor on a nested connection is BAD_USER_INPUT naming it, leaks nothing and
    changes nothing."""
    before = [await db.scalar(f"SELECT count(*) FROM {t}") for t in ("groups", "topics")]
    for type_name, field, argument in nested_string_arguments():
        size = "first" if argument == "after" else "last"
        query = (
            f"query($v: String) {{ {NESTED[type_name]} {{ nodes {{ "
            f"{field}({argument}: $v, {size}: 1) {{ nodes {{ id }} }} }} }} }}"
        )
        for payload in PAYLOADS:
            response = await api.post(query, {"v": payload})
            assert response.status_code == 200, (type_name, field, payload, response.text)
            text = response.text.lower()
            assert not any(leak in text for leak in LEAKS), (type_name, field, payload, text)
            errors = response.json().get("errors") or []
            assert errors, (type_name, field, argument, payload)
            for error in errors:
                assert error["extensions"]["code"] == "BAD_USER_INPUT", (field, argument, error)
    after = [await db.scalar(f"SELECT count(*) FROM {t}") for t in ("groups", "topics")]
    assert before == after


async def test_injection_strings_in_every_string_argument(
    api: Api, db: Db, token_keys: TokenKeys
) -> None:
    # as national staff with the audit's, the review's and the registry's scopes, so that the
    # arguments of every guarded root field (audit, review and corrections queues) are reached
    staff = token_keys.mint(
        {
            "kind": "national_staff",
            "scope": "audit:read registry:review registry:write",
            "purpose": "administration",
        }
    )
    headers = {"authorization": f"Bearer {staff}"}
    before = [await db.scalar(f"SELECT count(*) FROM {t}") for t in ("groups", "topics")]
    for field, argument, type_ in string_arguments():
        for payload in PAYLOADS:
            response = await api.post(
                probe_query(field, argument, type_), {"v": value(type_, payload)}, headers=headers
            )
            assert response.status_code == 200, (field, argument, payload, response.text)
            body = response.json()
            text = response.text.lower()
            assert not any(leak in text for leak in LEAKS), (field, argument, payload, text)
            for error in body.get("errors") or []:
                assert error["extensions"]["code"] == "BAD_USER_INPUT", (field, argument, error)
                assert error["extensions"]["argument"] in (argument, "ids", "id"), error
            if not body.get("errors"):
                assert _nothing_found(body["data"][field]), (field, argument, payload, body)
    after = [await db.scalar(f"SELECT count(*) FROM {t}") for t in ("groups", "topics")]
    assert before == after


def _nothing_found(result: Any) -> bool:
    """An injected filter matched nothing (a connection of a filter that matched all would not
    be empty), or the argument was not a filter (pagination `after` is checked as a cursor)."""
    if result is None or result == []:
        return True
    if isinstance(result, dict) and "registry" in result:  # a subject access report
        return result["registry"]["records"] == [] and not any(
            r["records"] for r in result["regions"]
        )
    return isinstance(result, dict) and result.get("__typename", "").endswith("Connection")


async def test_injected_text_filters_are_only_words(api: Api) -> None:
    """Text is full-text words: an injection is searched for as its words (which may occur),
    and never matches everything."""
    for field in ("groups", "organisations", "contactPoints", "rareConditionSearches"):
        everything = await api.body(f"{{ {field}(first: 0) {{ totalCount }} }}")
        for payload in PAYLOADS[:5]:
            body = await api.body(
                f"query($t: String) {{ {field}(text: $t) {{ totalCount }} }}", {"t": payload}
            )
            if body.get("errors"):  # nothing but punctuation and stop words
                assert body["errors"][0]["extensions"]["argument"] == "text", body
                continue
            found = body["data"][field]["totalCount"]
            assert found < everything["data"][field]["totalCount"], (field, payload)


async def test_like_wildcards_are_not_searched_for(api: Api) -> None:
    for wildcard in ("%", "_", "%%"):
        body = await api.body(
            "query($t: String) { groups(text: $t) { totalCount } }", {"t": wildcard}
        )
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert body["errors"][0]["extensions"]["argument"] == "text"
