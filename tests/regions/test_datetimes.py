"""One DateTime form from every source: RFC 3339 in UTC ending in "Z", for every type with a
DateTime field the public can read (groups of the registry, Bavaria and NRW; contact points;
organisations); writes' DateTimes are checked in tests/graph/mutations."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.conftest import Gql

UTC_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")
QUERY = """
{
  nakos: groups(region: "DE-HE", first: 20) { nodes { provenance { source lastModified lastVerified } } }
  by: groups(region: "DE-BY", last: 100) { nodes { provenance { source lastModified lastVerified } } }
  nw: groups(region: "DE-NW", last: 100) { nodes { provenance { source lastModified lastVerified } } }
  contactPoints(first: 20) { nodes { provenance { lastModified lastVerified } } }
  organisations(first: 20) { nodes { provenance { lastModified lastVerified } } }
}
"""


async def test_every_source_gives_utc_with_z(fgql: Gql) -> None:
    data = await fgql.data(QUERY)
    seen = set()
    for field, page in data.items():
        nodes = page["nodes"]
        assert nodes, field
        for node in nodes:
            p = node["provenance"]
            seen.add(p.get("source"))
            for value in (p["lastModified"], p["lastVerified"]):
                if value is None:
                    continue
                assert UTC_Z.fullmatch(value), (field, value)
                moment = datetime.fromisoformat(value)
                assert moment.tzinfo is not None and moment.utcoffset().total_seconds() == 0
                assert moment < datetime.now(UTC)
        assert any(n["provenance"]["lastVerified"] for n in nodes) or field == "contactPoints"
    assert {"nakos", "DE-BY", "DE-NW"} <= seen
