"""Found by `search`, a group's contact is guarded exactly as anywhere else: per caller, per
Land, per contact mode (the access table's Group.contact column)."""

from __future__ import annotations

import pytest

from tests.graph.access.conftest import Api
from tests.graph.access.table import ACCESS, CALLERS, FIELDS, TABLE

QUERY = """{
  search(regions: ["DE-BY", "DE-NW"], kinds: [GROUP], first: 100) {
    nodes { ... on Group { region { code } contactMode contactAccess contact { name } } }
  }
}"""
LANDS = {"DE-BY": 0, "DE-NW": 1}
MODES = {"DIRECT": 0, "VIA_CONTACT_POINT": 1}


def expected(caller: str, land: str, mode: str) -> str:
    cell = TABLE[caller][FIELDS.index("Group.contact")].split()[LANDS[land]]
    return cell[MODES[mode]]


@pytest.mark.parametrize(
    "caller", ["anonymous", "partner", "partner-BY", "partner-region-NW", "national-staff"]
)
async def test_search_shows_a_groups_contact_exactly_to_whom_the_table_grants_it(
    api: Api, caller: str
) -> None:
    body = await api.body(QUERY, claims=CALLERS[caller])
    nodes = body["data"]["search"]["nodes"]
    assert {n["region"]["code"] for n in nodes} == {"DE-BY", "DE-NW"}
    shown = 0
    for node in nodes:
        letter = expected(caller, node["region"]["code"], node["contactMode"])
        if letter == "G":
            # granted: shown where a contact is stored (NONE says there is none)
            assert node["contactAccess"] in (ACCESS["G"], "NONE"), node
            assert (node["contact"] is not None) == (node["contactAccess"] == ACCESS["G"])
            shown += node["contact"] is not None
        else:
            assert node["contactAccess"] == ACCESS[letter], node
            assert node["contact"] is None
    granted = any(expected(caller, n["region"]["code"], n["contactMode"]) == "G" for n in nodes)
    assert (shown > 0) == granted
    forbidden = [e for e in body.get("errors", []) if e["extensions"]["code"] == "FORBIDDEN"]
    redacted = any(expected(caller, n["region"]["code"], n["contactMode"]) == "R" for n in nodes)
    assert bool(forbidden) == redacted
