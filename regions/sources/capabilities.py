"""What a region source can do by itself; the graph's adapter does the rest (README, *Regions*).

A source declares its capabilities in its layout (SQL) or dialect (HTTP). Filters it cannot
apply are applied by the adapter to what the source returns; a source that cannot rank is
read whole (up to a bound, SHG_REGION_CANDIDATE_LIMIT) and ranked, counted, faceted and paged
by the adapter with the project's formula (regions.sources.search.in_memory).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Each flag: the source does this itself, in one query or request."""

    topic_slugs: bool = False  # filters by national topic slugs
    own_keywords: bool = False  # filters by one of its own keywords (mapped by the dialect)
    text: bool = False  # the project's word search (stems as prefixes, topics the text names)
    name_substring: bool = False  # a case-insensitive substring of the name
    place: bool = False  # place and radius (the project's `near`)
    postal_prefix: bool = False  # a postal code prefix
    format: bool = False
    openness: bool = False  # open for new members
    facts: bool = False  # status, audience, language, wheelchair access, contact point
    ranks: bool = False  # orders by the published score (README, *Search*), with the score
    pages_by_key: bool = False  # continues after a key
    pages_by_offset: bool = False  # continues at an offset
    counts: bool = False
    facets: bool = False
    batch_keys: bool = False  # looks up many keys in one request
    by_contact_points: bool = False  # groups of many contact points in one request
    corrections: bool = False  # takes corrections
    subject_requests: bool = False  # answers and erases a person's records

    def table_row(self) -> dict[str, bool]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FULL = Capabilities(
    topic_slugs=True,
    text=True,
    place=True,
    format=True,
    openness=True,
    facts=True,
    ranks=True,
    pages_by_key=True,
    counts=True,
    facets=True,
    batch_keys=True,
    by_contact_points=True,
    corrections=True,
    subject_requests=True,
)
"""A source that does everything itself (the SQL adapter over a layout; NRW's service)."""
