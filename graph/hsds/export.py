"""`shg export hsds --out DIR`: every public record as HSDS 3.0 JSON files, streamed.

Each file is a JSON array written chunk by chunk as the lanes walk their sources in key order
(memory holds one chunk, not the data set). Files are written under temporary names and moved
into place at the end. `metadata.json` records when the export was made and from which
sources, with each source's record count, or why a region is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from regions.registry import SOURCE
from regions.sources.protocol import RegionSource

from . import ids, mapping
from .lanes import Lane
from .reader import Filters, Reader

CHUNK = 500
FILES = (
    "organizations",
    "services",
    "service_at_locations",
    "locations",
    "taxonomies",
    "taxonomy_terms",
    "metadata",
)
Advance = Callable[[str, int], None]


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)


class _Array:
    """One JSON array file, written element by element."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + ".part")
        self.out: IO[bytes] = self.tmp.open("wb")
        self.out.write(b"[")
        self.n = 0

    def write(self, obj: Any) -> None:
        self.out.write(b",\n" if self.n else b"\n")
        self.out.write(orjson.dumps(obj))
        self.n += 1

    def close(self) -> None:
        self.out.write(b"\n]\n")
        self.out.close()
        os.replace(self.tmp, self.path)


async def _drain(
    lanes: list[Lane],
    files: list[_Array],
    split: Callable[[dict[str, Any]], list[Any]],
    task: str,
    advance: Advance,
) -> None:
    for lane in lanes:
        async for part in lane.chunks(CHUNK):
            for obj in part:
                for target, value in zip(files, split(obj), strict=True):
                    if value is not None:
                        target.write(value)
            advance(task, len(part))


async def totals(reader: Reader) -> dict[str, int]:
    """How many records each pass will write (for the progress bar)."""
    f = Filters()
    out = {}
    for name, lanes in (
        ("organizations", reader.organization_lanes(f)),
        ("services", reader.service_lanes(f, full=True)),
        ("service_at_locations", reader.sal_lanes(f)),
        ("taxonomy_terms", [reader.term_lane(reader.terms_stmt(None, None, False))]),
    ):
        out[name] = sum([await lane.count() for lane in lanes])
    return out


async def export(
    engine: Any,
    sources: Mapping[str, RegionSource],
    out: Path,
    advance: Advance = lambda task, n: None,
    now: datetime | None = None,
) -> Report:
    """Writes into the existing folder `out`."""
    started = now or datetime.now(UTC)
    reader = Reader(engine, sources)
    f = Filters()
    report = Report()

    def whole(obj: dict[str, Any]) -> list[Any]:
        return [obj]

    orgs = _Array(out / "organizations.json")
    await _drain(reader.organization_lanes(f), [orgs], whole, "organizations", advance)
    orgs.close()
    services = _Array(out / "services.json")
    await _drain(reader.service_lanes(f, full=True), [services], whole, "services", advance)
    services.close()
    sal, locations = _Array(out / "service_at_locations.json"), _Array(out / "locations.json")

    def with_location(obj: dict[str, Any]) -> list[Any]:
        return [obj, obj.get("location")]

    await _drain(
        reader.sal_lanes(f), [sal, locations], with_location, "service_at_locations", advance
    )
    sal.close()
    locations.close()
    taxonomies = _Array(out / "taxonomies.json")
    taxonomies.write(mapping.taxonomy())
    taxonomies.close()
    terms = _Array(out / "taxonomy_terms.json")
    term_lane = reader.term_lane(reader.terms_stmt(None, None, False))
    await _drain([term_lane], [terms], whole, "taxonomy_terms", advance)
    terms.close()

    report.counts = {
        "organizations": orgs.n,
        "services": services.n,
        "service_at_locations": sal.n,
        "locations": locations.n,
        "taxonomies": taxonomies.n,
        "taxonomy_terms": terms.n,
    }
    report.unavailable = reader.unavailable
    meta = _Array(out / "metadata.json")
    for record in run_metadata(started, [SOURCE, *reader.region_codes], report):
        meta.write(record)
    meta.close()
    return report


def run_metadata(started: datetime, sources: list[str], report: Report) -> list[dict[str, Any]]:
    """One HSDS metadata record per source: when the export read it, and what it gave."""
    run = ids.nested(ids.make(ids.TAXONOMY, SOURCE, "export"), started.isoformat())
    written = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    out = []
    for source in sources:
        missing = report.unavailable.get(source)
        out.append(
            {
                "id": ids.nested(run, "source", source),
                "resource_type": "export",
                "last_action_date": started.isoformat(),
                "last_action_type": "export" if missing is None else "export-source-unavailable",
                "field_name": "source",
                "previous_value": "",
                "replacement_value": written if missing is None else f"left out: {missing}",
                "updated_by": source,
            }
        )
    return out
