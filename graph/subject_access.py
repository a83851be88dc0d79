"""The subject access report: everything held about one person, in every source, as one JSON
document (`subjectAccess` and `shg subject-access` print the same).

Sections: `subject` (the identifiers as matched, normalised), `generatedAt`, `registry`
(records per kind, each with its global id, the object it belongs to, its personal values and
which identifiers found it), `regions` (per region source: its status and its records; a
region that cannot be reached is UNAVAILABLE with the reason, and the report says it is
incomplete), `consents` (regions.registry.store.consents), `disclosures` (who was shown the
protected data of the objects found: when, token, partner, purpose, field), `complete` and
`notes`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from regions.registry import SOURCE
from regions.registry.store import consents, subjects
from regions.sources.protocol import RegionSource, SourceUnavailable
from regions.sources.subjects import SubjectMatch, SubjectRecord

from .ids import encode_id

# the object whose protected field shows a registry record (its disclosures are recorded on it)
OBJECT_OF = {
    "rare_condition_entry": ("RareConditionSearch", "key"),
    "group_contact": ("Group", "about"),
    "organisation_contact": ("Organisation", "about"),
    "contact_point_staff": ("ContactPoint", "about"),
    "correction": ("Correction", "key"),
}
NOTES = [
    "The change log records that personal values were set or cleared, never the values.",
    "Disclosures of an organisation's contacts or a contact point's staff are recorded per "
    "object: they name every disclosure of that list, which held this person's entry.",
    "The disclosure audit is kept as the record of accountability (GDPR art. 5(2)); it "
    "holds object ids, no personal values, and is not erased with the person's data.",
]


def object_id(source: str, record: SubjectRecord) -> str | None:
    if source != SOURCE:
        return encode_id("Group", source, record.about) if record.kind == "group_contact" else None
    spec = OBJECT_OF.get(record.kind)
    if spec is None:
        return None
    type_name, which = spec
    return encode_id(type_name, SOURCE, record.key if which == "key" else record.about)


def shown(source: str, record: SubjectRecord) -> dict[str, Any]:
    return {"id": object_id(source, record), **record.as_dict()}


async def region_records(
    sources: Mapping[str, RegionSource], match: SubjectMatch
) -> dict[str, list[SubjectRecord] | SourceUnavailable]:
    """Each region's records, asked at once; a region that fails is kept as its failure."""

    async def ask(source: RegionSource) -> list[SubjectRecord] | SourceUnavailable:
        try:
            async with asyncio.timeout(source.timeout + 1):
                return await source.subject_records(match)
        except SourceUnavailable as exc:
            return exc
        except TimeoutError:
            return SourceUnavailable(source.code, "timeout")

    codes = list(sources)
    answers = await asyncio.gather(*(ask(sources[code]) for code in codes))
    return dict(zip(codes, answers, strict=True))


async def report(
    engine: AsyncEngine, sources: Mapping[str, RegionSource], match: SubjectMatch
) -> dict[str, Any]:
    async with engine.connect() as conn:
        found = await subjects.records(conn, match)
        given = await consents.consents_of(conn, subjects.consent_subjects(found))
        in_regions = await region_records(sources, match)
        ids = [object_id(SOURCE, r) for r in found]
        for code, answer in in_regions.items():
            if not isinstance(answer, SourceUnavailable):
                ids += [object_id(code, r) for r in answer]
        seen = await subjects.disclosures_of(conn, [i for i in ids if i is not None])
    regions = []
    for code, answer in in_regions.items():
        if isinstance(answer, SourceUnavailable):
            regions.append(
                {"source": code, "status": "UNAVAILABLE", "reason": answer.reason, "records": None}
            )
        else:
            records = [shown(code, r) for r in answer]
            regions.append({"source": code, "status": "OK", "reason": None, "records": records})
    return {
        "subject": match.as_dict(),
        "generatedAt": datetime.now(UTC).isoformat(),
        "complete": all(r["status"] == "OK" for r in regions),
        "registry": {"source": SOURCE, "records": [shown(SOURCE, r) for r in found]},
        "regions": regions,
        "consents": given,
        "disclosures": seen,
        "notes": NOTES,
    }
