"""Who may see exact counts.

- `statistics`: national staff only. They keep the registry and see every record anyway;
  funders, researchers (purpose `statistics`), offices and the public get protected counts.
- Search facets: national staff and regional offices (coordination: they keep their Land's
  records and search to maintain them). Everyone else gets protected facets.
"""

from __future__ import annotations

from ..caller import Caller, CallerKind


def exact_statistics(caller: Caller) -> bool:
    return caller.kind is CallerKind.NATIONAL_STAFF


def exact_facets(caller: Caller) -> bool:
    return caller.kind in (CallerKind.NATIONAL_STAFF, CallerKind.REGIONAL_OFFICE)
