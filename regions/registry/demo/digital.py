"""What the digital-groups database asks of a group, and a group's organisation link.

From a random stream of its own per group (seeded by the group's number), so adding these
fields left every older field of the demo as it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from regions.registry.demo.people import slug
from regions.registry.demo.sizes import pick
from regions.registry.models import DigitalTool, OrganisationLevel
from regions.sources.vocabulary import GroupFormat, ReviewState

TOOLS = (
    (DigitalTool.VIDEO, 60),
    (DigitalTool.TELEPHONE, 15),
    (DigitalTool.CHAT, 12),
    (DigitalTool.FORUM, 8),
    (DigitalTool.MESSENGER, 5),
)
MINUTES = ((60, 30), (90, 45), (120, 25))
LINKED_SHARE = 0.35


@dataclass(slots=True)
class OrganisationIndex:
    """Organisations by topic id, as (id, level, Land of a Land-level one)."""

    by_topic: dict[int, list[tuple[int, OrganisationLevel, str | None]]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, rows: dict[str, list[dict[str, Any]]]) -> OrganisationIndex:
        index = cls()
        orgs = {row["id"]: row for row in rows["organisations"]}
        for link in rows["organisation_topics"]:
            org = orgs[link["organisation_id"]]
            entry = (org["id"], org["level"], org["region_code"])
            index.by_topic.setdefault(link["topic_id"], []).append(entry)
        return index

    def candidates(self, topic: int, land: str | None) -> list[int]:
        """Organisations on the topic a group of the Land can belong to: nationwide ones, and
        Land-level ones of its own Land."""
        return [
            org
            for org, level, region in self.by_topic.get(topic, [])
            if level is OrganisationLevel.BUND or (land is not None and region == land)
        ]


def digital_fields(
    number: int, row: dict[str, Any], organisations: OrganisationIndex | None, topic: int
) -> dict[str, Any]:
    """Organisation link; for digital and hybrid groups also website, tool, meeting length,
    group size and the two admission confirmations (published groups have both)."""
    rng = random.Random(f"group-domain:{number}")
    out: dict[str, Any] = {
        "organisation_id": None,
        "website": None,
        "tool": None,
        "meeting_minutes": None,
        "group_size": None,
        "no_professional_leadership": None,
        "funding_disclosed": None,
    }
    candidates = organisations.candidates(topic, row["region_code"]) if organisations else []
    if candidates and rng.random() < LINKED_SHARE:
        out["organisation_id"] = rng.choice(candidates)
    form = row["format"]
    if form is GroupFormat.IN_PERSON:
        return out
    review = row["review_state"]
    confirmed: bool | None = True
    if review in (ReviewState.SUBMITTED, ReviewState.IN_REVIEW):
        confirmed = rng.choice((True, None))  # not yet confirmed: the review asks
    elif review is ReviewState.REJECTED:
        confirmed = rng.choice((True, False))
    out |= {
        "tool": DigitalTool.VIDEO if form is GroupFormat.HYBRID else pick(rng, TOOLS),
        "meeting_minutes": pick(rng, MINUTES),
        "group_size": rng.randint(4, 14),
        "no_professional_leadership": confirmed,
        "funding_disclosed": confirmed if review is not ReviewState.REJECTED else False,
    }
    if rng.random() < 0.25:  # one site per group: a domain of its own
        out["website"] = f"https://{slug(row['name'], 30)}-{number}.example"
    return out
