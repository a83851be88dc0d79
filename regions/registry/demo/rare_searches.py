"""Rare conditions from the catalog and people looking for peers with them ("blue" addresses)."""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from faker import Faker

from regions.registry.demo.catalog.laender import LAENDER
from regions.registry.demo.catalog.rare_conditions import RARE_CONDITIONS, SEEKING
from regions.registry.demo.people import person_name, personal_email, phone, street
from regions.registry.demo.places import Places
from regions.registry.demo.provenance import provenance
from regions.registry.demo.sizes import chance, pick
from regions.registry.demo.topics import TopicIndex
from regions.registry.models import ConsentChannel, ConsentScope, ConsentSubject, SeekerRole

Rows = dict[str, list[dict[str, Any]]]
DAYS_BACK = 3 * 365
# Wishes only a relative would have (parents, families, other relatives).
RELATIVES_ONLY = ("Angehörig", "Eltern", "Familien")
# Entries last two years; newer ones are more common, so about a quarter have expired.
RECENCY = 1.4
NOTICE_VERSIONS = ("2024-03", "2025-06", "2026-11")  # the notice in force on the day given
# How people gave their consent (self-service only for the newer notices).
CHANNELS = ((ConsentChannel.PAPER, 45), (ConsentChannel.EMAIL, 25), (ConsentChannel.PHONE, 30))


def covered_conditions(rows: Rows) -> set[int]:
    """Conditions a green-list organisation covers (the blue list's admission rule, the same as
    regions/registry/store/blue_list.py): an organisation carries the condition's own topic,
    and that topic is specific (it has no narrower topic: "Seltene Erkrankungen" as a whole
    names no condition)."""
    broader = {t["parent_id"] for t in rows["topics"] if t["parent_id"] is not None}
    carried = {row["topic_id"] for row in rows["organisation_topics"]}
    return {
        c["id"]
        for c in rows["rare_conditions"]
        if c["topic_id"] is not None and c["topic_id"] in carried and c["topic_id"] not in broader
    }


def notice_on(day: date) -> str:
    return NOTICE_VERSIONS[min(2, max(0, day.year - 2024))]


def _consent(number: int, scope: ConsentScope, day: date, channel: Any) -> dict[str, Any]:
    return {
        "subject_kind": ConsentSubject.RARE_CONDITION_ENTRY,
        "subject_id": number,
        "scope": scope,
        "given_at": datetime.combine(day, time(10), tzinfo=UTC),
        "channel": channel,
        "notice_version": notice_on(day),
        "withdrawn_at": None,
        "withdrawal_channel": None,
    }


def plus_years(day: date, years: int) -> date:
    """The same calendar day some years later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def build_conditions(topics: TopicIndex) -> Rows:
    rows = []
    for number, spec in enumerate(RARE_CONDITIONS, start=1):
        rows.append(
            {
                "id": number,
                "name": spec.name,
                "orpha_code": spec.orpha_code,
                "synonyms": "|".join(spec.synonyms),
                "topic_id": topics.ids.get(spec.topic) if spec.topic else None,
                "nationwide_contact_id": None,
            }
        )
    return {"rare_conditions": rows}


def build_searches(
    rng: random.Random,
    fake: Faker,
    places: Places,
    today: date,
    total: int,
    conditions: list[dict[str, Any]],
    covered: Collection[int],
) -> Rows:
    """Searches with a seeker, a Land, a start within three years and a two-year expiry, only
    for conditions no green-list organisation covers, each with its consent records (to be
    listed; to partners for about 30 %, a few of them withdrawn later); the first current
    entry of about half the conditions is its nationwide contact (`conditions` rows get
    `nationwide_contact_id`)."""
    lands = tuple((land.code, land.population) for land in LAENDER)
    for_affected = [text for text in SEEKING if not any(w in text for w in RELATIVES_ONLY)]
    admitted = [n for n in range(len(RARE_CONDITIONS)) if n + 1 not in covered]
    rows: Rows = {"rare_condition_searches": [], "rare_condition_persons": [], "consents": []}
    for number in range(1, total + 1):
        condition = rng.choice(admitted)
        role = pick(rng, ((SeekerRole.AFFECTED, 55), (SeekerRole.RELATIVE, 45)))
        seeking = rng.choice(SEEKING if role is SeekerRole.RELATIVE else for_affected)
        if "{condition}" in seeking:
            seeking = seeking.format(condition=RARE_CONDITIONS[condition].name)
        since = today - timedelta(days=int(DAYS_BACK * rng.random() ** RECENCY))
        land = pick(rng, lands)
        rows["rare_condition_searches"].append(
            {
                "id": number,
                "condition_id": condition + 1,
                "seeking": seeking,
                "seeker_role": role,
                "region_code": None if chance(rng, 0.06) else land,
                "since": since,
                "expires_on": plus_years(since, 2),
                **provenance(rng, today, since=since),
            }
        )
        channel = pick(rng, CHANNELS)
        if since.year >= 2026 and chance(rng, 0.5):
            channel = ConsentChannel.SELF_SERVICE
        rows["consents"].append(_consent(number, ConsentScope.PUBLISH, since, channel))
        if chance(rng, 0.3):
            partners = _consent(number, ConsentScope.PASS_TO_PARTNERS, since, channel)
            if chance(rng, 0.05):
                gone = min(today, since + timedelta(days=rng.randrange(30, 300)))
                partners["withdrawn_at"] = datetime.combine(gone, time(15), tzinfo=UTC)
                partners["withdrawal_channel"] = pick(rng, CHANNELS)
            rows["consents"].append(partners)
        first, last = person_name(fake)
        town = places.pick_town(rng, land)
        with_address = chance(rng, 0.85)
        rows["rare_condition_persons"].append(
            {
                "search_id": number,
                "name": f"{first} {last}",
                "email": personal_email(rng, first, last),
                "phone": phone(fake) if chance(rng, 0.8) else None,
                "street": street(fake) if with_address else None,
                "postal_code": rng.choice(town.postal_codes).code if with_address else None,
                "city": town.name if with_address else None,
            }
        )
    _nationwide_contacts(rng, rows, conditions, today)
    return rows


def _nationwide_contacts(
    rng: random.Random, rows: Rows, conditions: list[dict[str, Any]], today: date
) -> None:
    """At most one per condition: its first current entry, for about half the conditions,
    with the consent to be the nationwide contact."""
    first: dict[int, dict[str, Any]] = {}
    for entry in rows["rare_condition_searches"]:
        if entry["expires_on"] >= today and entry["condition_id"] not in first:
            first[entry["condition_id"]] = entry
    for condition in conditions:
        entry = first.get(condition["id"])
        if entry is None or not chance(rng, 0.5):
            continue
        condition["nationwide_contact_id"] = entry["id"]
        rows["consents"].append(
            _consent(
                entry["id"], ConsentScope.NATIONWIDE_CONTACT, entry["since"], ConsentChannel.PAPER
            )
        )
