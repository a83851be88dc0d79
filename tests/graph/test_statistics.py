"""`statistics` from the outside: exact counts for national staff only, small counts suppressed
for everyone else, and a differencing attack over every table, total, breakdown and topic
that recovers no suppressed count."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.statistics.control import rounded
from tests.access_tokens import TokenKeys
from tests.differencing import recovered

CELL = "{ key count shown suppressed }"
TABLE = f"{{ total {CELL} cells {CELL} }}"
QUERY = f"""{{ statistics {{
  exact
  groupsByLand {TABLE} groupsByFormat {TABLE} groupsByReach {TABLE} groupsByStatus {TABLE}
  groupsByTopic {{ slug groups {CELL} narrower {{ slug groups {CELL}
    narrower {{ slug groups {CELL} narrower {{ slug groups {CELL} }} }} }} }}
  contactPointsByLand {TABLE}
  rareConditionEntriesByConditionGroup {TABLE}
}} }}"""
REGISTRATIONS = f"""{{ statistics {{ registrationsByStateAndMonth {{
  total {CELL} months {TABLE} states {{ state total {CELL} months {CELL} }} }} }} }}"""
STAFF = {"kind": "national_staff", "scope": "audit:read", "purpose": "administration"}
RESEARCHER = {"kind": "partner", "scope": "contacts:read", "purpose": "statistics"}
OFFICE = {
    "kind": "regional_office",
    "region": "DE-BY",
    "purpose": "statistics",
    "scope": "contacts:read:DE-BY",
}
REFERRAL = {"kind": "partner", "scope": "contacts:read", "purpose": "referral"}
TABLES = ("groupsByLand", "groupsByFormat", "groupsByReach", "groupsByStatus")


async def ask(
    client: httpx.AsyncClient, keys: TokenKeys, claims: dict[str, Any] | None, query: str
) -> dict[str, Any]:
    headers = {} if claims is None else {"authorization": f"Bearer {keys.mint(claims)}"}
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def topics(
    nodes: list[dict[str, Any]], parent: str | None = None
) -> list[tuple[str | None, dict[str, Any]]]:
    found = []
    for node in nodes:
        found.append((parent, node))
        found += topics(node.get("narrower") or [], node["slug"])
    return found


def flatten(stats: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    """Every cell of the public tables under one key per quantity (the groups' total once)."""
    cells: dict[Any, dict[str, Any]] = {"groups": stats["groupsByLand"]["total"]}
    for name in TABLES:
        assert stats[name]["total"] == cells["groups"]  # one total, protected one way
        for cell in stats[name]["cells"]:
            cells[(name, cell["key"])] = cell
    for _, node in topics(stats["groupsByTopic"]):
        cells[("topic", node["slug"])] = node["groups"]
    for name in ("contactPointsByLand", "rareConditionEntriesByConditionGroup"):
        cells[(name, "total")] = stats[name]["total"]
        for cell in stats[name]["cells"]:
            cells[(name, cell["key"])] = cell
    return cells


async def test_national_staff_get_exact_counts_and_everyone_else_protected_ones(
    client: httpx.AsyncClient, token_keys: TokenKeys
) -> None:
    exact = (await ask(client, token_keys, STAFF, QUERY))["data"]["statistics"]
    assert exact["exact"] is True
    for claims in (None, RESEARCHER, OFFICE):
        body = await ask(client, token_keys, claims, QUERY)
        assert "errors" not in body, body
        shown = body["data"]["statistics"]
        assert shown["exact"] is False
        truth, seen = flatten(exact), flatten(shown)
        assert truth.keys() == seen.keys()
        small = 0
        for key, real in truth.items():
            cell, n = seen[key], real["count"]
            if 0 < n < 5:
                small += 1
                assert (cell["count"], cell["shown"], cell["suppressed"]) == (None, "<5", True), key
            elif n == 0:
                assert cell["count"] == 0, key
            elif cell["suppressed"]:
                assert (cell["count"], cell["shown"]) == (None, "x"), key
            else:
                assert cell["count"] == rounded(n) and cell["shown"] == str(rounded(n)), key
        assert small > 0  # the demo has small counts: the test protects something
    # the breakdowns add up for national staff, exactly
    groups = exact["groupsByLand"]["total"]["count"]
    for name in TABLES:
        assert sum(c["count"] for c in exact[name]["cells"]) == groups


def equations(cells: dict[Any, dict[str, Any]]) -> list[tuple[Any, list[Any]]]:
    lines: list[tuple[Any, list[Any]]] = []
    for name in TABLES:
        lines.append(("groups", [k for k in cells if k[0] == name]))
    for name in ("contactPointsByLand", "rareConditionEntriesByConditionGroup"):
        lines.append(((name, "total"), [k for k in cells if k[0] == name and k[1] != "total"]))
    return lines


async def test_a_differencing_attack_on_the_statistics_recovers_no_suppressed_count(
    client: httpx.AsyncClient, token_keys: TokenKeys
) -> None:
    stats = (await ask(client, token_keys, None, QUERY))["data"]["statistics"]
    cells = flatten(stats)
    published = {k: (c["shown"], c["count"]) for k, c in cells.items()}
    # a narrower topic has at most the groups of its broader topic, and the top-level ones at
    # most all groups; the breakdowns add up to their totals
    at_most = [
        (("topic", node["slug"]), ("topic", parent) if parent else "groups")
        for parent, node in topics(stats["groupsByTopic"])
    ]
    assert any(c["shown"] in ("<5", "x") for c in cells.values())
    assert recovered(published, equations(cells), at_most) == {}
    # asking again, or as another caller without exact counts, shows the same: nothing to average
    again = flatten((await ask(client, token_keys, RESEARCHER, QUERY))["data"]["statistics"])
    assert {k: (c["shown"], c["count"]) for k, c in again.items()} == published


@pytest.mark.parametrize("claims", [None, REFERRAL])
async def test_registration_statistics_need_the_purpose_statistics(
    client: httpx.AsyncClient, token_keys: TokenKeys, claims: dict[str, Any] | None
) -> None:
    body = await ask(client, token_keys, claims, REGISTRATIONS)
    assert body["data"] == {"statistics": {"registrationsByStateAndMonth": None}}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_registration_statistics_survive_a_differencing_attack(
    client: httpx.AsyncClient, token_keys: TokenKeys
) -> None:
    exact = (await ask(client, token_keys, STAFF, REGISTRATIONS))["data"]["statistics"]
    body = await ask(client, token_keys, RESEARCHER, REGISTRATIONS)
    assert "errors" not in body, body
    table = body["data"]["statistics"]["registrationsByStateAndMonth"]
    published: dict[Any, tuple[str, int | None]] = {
        "total": (table["total"]["shown"], table["total"]["count"])
    }
    lines: list[tuple[Any, list[Any]]] = []
    months = [c["key"] for c in table["months"]["cells"]]
    for cell in table["months"]["cells"]:
        published[("month", cell["key"])] = (cell["shown"], cell["count"])
    for row in table["states"]:
        published[("state", row["state"])] = (row["total"]["shown"], row["total"]["count"])
        for month, cell in zip(months, row["months"], strict=True):
            published[(row["state"], month)] = (cell["shown"], cell["count"])
        lines.append((("state", row["state"]), [(row["state"], m) for m in months]))
    states = [row["state"] for row in table["states"]]
    for month in months:
        lines.append((("month", month), [(s, month) for s in states]))
    lines.append(("total", [("state", s) for s in states]))
    lines.append(("total", [("month", m) for m in months]))
    assert recovered(published, lines) == {}
    real = exact["registrationsByStateAndMonth"]
    small = [c for row in real["states"] for c in row["months"] if 0 < c["count"] < 5]
    shown_small = [c for row in table["states"] for c in row["months"] if c["shown"] == "<5"]
    assert len(shown_small) == len(small)
