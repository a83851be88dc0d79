"""Demo data that never misleads: each rule checked over the generated data (full scale)."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date, time
from typing import Any
from urllib.parse import urlsplit

import pytest

from regions.registry.demo.catalog.laender import COORDINATION_HOURS, LAENDER, REAL_CONTACT_POINTS
from regions.registry.demo.catalog.organisations import ORGANISATIONS
from regions.registry.demo.generate import generate
from regions.registry.demo.organisations import borrows_brand
from regions.registry.models import ContactPointKind, OrganisationLevel
from regions.sources.vocabulary import ContactMode, GroupFormat, GroupReach, ReviewState

Rows = dict[str, list[dict[str, Any]]]
REAL = {spec.name: spec for spec in REAL_CONTACT_POINTS}
REAL_ORGANISATIONS = {spec.name for spec in ORGANISATIONS}


@functools.cache
def _rows(scale: float = 1.0) -> Rows:
    return generate(scale, 20261123, date(2026, 11, 23))


@pytest.fixture(scope="module", params=[1.0, 0.05], ids=["full", "small"])
def rows(request: pytest.FixtureRequest) -> Rows:
    return _rows(request.param)


def _by(rows: Rows, table: str, key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = {}
    for row in rows[table]:
        out.setdefault(row[key], []).append(row)
    return out


def test_real_contact_points_carry_no_invented_hours_staff_or_districts(rows: Rows) -> None:
    hours = _by(rows, "contact_point_office_hours", "contact_point_id")
    staff = _by(rows, "contact_point_staff", "contact_point_id")
    districts = _by(rows, "contact_point_districts", "contact_point_id")
    real = [row for row in rows["contact_points"] if row["name"] in REAL]
    assert len(real) == len(REAL_CONTACT_POINTS)
    for row in real:
        spec = REAL[row["name"]]
        given = {(d, time.fromisoformat(o)) for d, o, _ in spec.office_hours}
        assert {(h["weekday"], h["opens"]) for h in hours.get(row["id"], [])} == given
        assert row["id"] not in staff, row["name"]
        served = [d["district"] for d in districts[row["id"]]]
        assert served == list(spec.districts or (spec.city,)), row["name"]
        assert row["office_phone"] is None and row["office_email"] is None
    with_hours = sum(1 for row in real if hours.get(row["id"]))
    assert with_hours == sum(1 for spec in REAL_CONTACT_POINTS if spec.office_hours) == 4


def test_districts_only_where_true(rows: Rows) -> None:
    by_name = {row["name"]: row["id"] for row in rows["contact_points"]}
    districts = _by(rows, "contact_point_districts", "contact_point_id")

    def served(name: str) -> list[str]:
        return [d["district"] for d in districts[by_name[name]]]

    assert served("Selbsthilfe-Kontaktstelle Dortmund") == ["Dortmund"]
    assert served("Selbsthilfe-Kontaktstelle Mönchengladbach") == ["Mönchengladbach"]


def test_coordination_offices_are_not_contact_points(rows: Rows) -> None:
    # SEKIS Berlin and KISS Saarland are contact points themselves that also coordinate their
    # Land (a city state, a small Land); SeKo Bayern and the others only coordinate.
    both = {
        "SEKIS – Selbsthilfe Kontakt- und Informationsstelle",
        "KISS – Kontakt- und Informationsstelle für Selbsthilfe im Saarland",
    }
    coordination = {land.coordination.name for land in LAENDER} - both
    assert not coordination & {row["name"] for row in rows["contact_points"]}
    assert not [r for r in rows["contact_points"] if "SeKo" in r["name"]]
    assert not any("seko-bayern" in (row["website"] or "") for row in rows["contact_points"])
    # SeKo Bayern's hours are on its coordination office
    bavaria = [h for h in rows["coordination_office_hours"] if h["region_code"] == "DE-BY"]
    assert [(h["weekday"], h["opens"], h["closes"]) for h in bavaria] == [
        (1, time(9, 30), time(16)),
        (2, time(13), time(16)),
        (3, time(9, 30), time(12, 30)),
        (4, time(9, 30), time(12, 30)),
        (5, time(9, 30), time(12, 30)),
    ]
    assert {h["region_code"] for h in rows["coordination_office_hours"]} == set(COORDINATION_HOURS)
    region = next(r for r in rows["regions"] if r["code"] == "DE-BY")
    assert region["office_hours_note"] == "sowie nach Vereinbarung"


def test_dortmund_has_its_services_and_equipment_from_the_source_text(rows: Rows) -> None:
    dortmund = next(
        row for row in rows["contact_points"] if row["name"] == "Selbsthilfe-Kontaktstelle Dortmund"
    )
    assert dortmund["kind"] is ContactPointKind.CONTACT_POINT
    assert {"FOUNDING_HELP", "GROUP_ROOMS", "SUPERVISION", "EQUIPMENT_LENDING"} <= set(
        dortmund["services"].split()
    )
    assert "Beamer" in dortmund["equipment"].split("|")
    assert "mobile Lautsprecheranlage mit zwei Funk-Mikros" in dortmund["equipment"].split("|")
    # nothing else is claimed for a real office: kind unknown where no source says it
    others = [r for r in rows["contact_points"] if r["name"] in REAL and r is not dortmund]
    assert all(r["kind"] is None and r["services"] == "" for r in others)


def test_no_made_up_organisation_uses_a_real_brand(rows: Rows) -> None:
    names = [row["name"] for row in rows["organisations"]]
    assert "Deutsche Diabetes-Hilfe e.V." not in names
    made_up = [name for name in names if name not in REAL_ORGANISATIONS]
    assert made_up or len(names) <= len(REAL_ORGANISATIONS)
    assert not [name for name in made_up if borrows_brand(name, sorted(REAL_ORGANISATIONS))]


def test_website_domains_are_unique(rows: Rows) -> None:
    hosts = Counter(
        urlsplit(row["website"]).hostname for row in rows["organisations"] if row["website"]
    )
    assert [host for host, n in hosts.items() if n > 1] == []
    groups = Counter(urlsplit(g["website"]).hostname for g in rows["groups"] if g["website"])
    assert groups and max(groups.values()) == 1
    # made-up main offices each have a site of their own (branches share their main office's)
    mains = Counter(
        row["website"]
        for row in rows["contact_points"]
        if row["name"] not in REAL and row["main_office_id"] is None
    )
    assert max(mains.values()) == 1


def _kin() -> dict[str, set[str]]:
    """Topics a real organisation of the catalog covers together."""
    kin: dict[str, set[str]] = {}
    for org in ORGANISATIONS:
        for one in org.topics:
            kin.setdefault(one, set()).update(t for t in org.topics if t != one)
    return kin


def test_secondary_topics_are_related_to_the_main_topic(rows: Rows) -> None:
    slugs = {t["id"]: t["slug"] for t in rows["topics"]}
    parents = {t["id"]: t["parent_id"] for t in rows["topics"]}
    roots = {slugs[t]: slugs[_root(parents, t)] for t in parents}
    kin = _kin()
    real_ids = {o["id"] for o in rows["organisations"] if o["name"] in REAL_ORGANISATIONS}
    for table, key in (("group_topics", "group_id"), ("organisation_topics", "organisation_id")):
        topics: dict[int, list[str]] = {}
        for link in rows[table]:  # the main topic first
            topics.setdefault(link[key], []).append(slugs[link["topic_id"]])
        for owner, (main, *others) in topics.items():
            if table == "organisation_topics" and owner in real_ids:
                continue
            assert set(others) <= kin.get(main, set()), (table, owner, main, others)
            assert {roots[s] for s in others} <= {roots[main]}, (table, owner, main, others)
    bechterew = {g for g, t in _pairs(rows, slugs) if t == "morbus-bechterew"}
    lipoedem = {g for g, t in _pairs(rows, slugs) if t == "lipoedem"}
    assert not bechterew & lipoedem


def _root(parents: dict[int, int | None], topic: int) -> int:
    while (parent := parents[topic]) is not None:
        topic = parent
    return topic


def _pairs(rows: Rows, slugs: dict[int, str]) -> list[tuple[int, str]]:
    return [(link["group_id"], slugs[link["topic_id"]]) for link in rows["group_topics"]]


def test_taxonomy_fixes(rows: Rows) -> None:
    topics = {t["slug"]: t for t in rows["topics"]}
    by_id = {t["id"]: t for t in rows["topics"]}
    assert by_id[topics["aphasie"]["parent_id"]]["slug"] == "neurologie"
    borderline = [t for t in rows["topics"] if t["name"].startswith("Borderline")]
    assert borderline
    synonyms = {(s["topic_id"], s["synonym"]) for s in rows["topic_synonyms"]}
    assert not [s for t, s in synonyms if s == "BPS"]
    portal = next(o for o in rows["organisations"] if o["name"].startswith("Selbsthilfenetz"))
    assert portal["level"] is OrganisationLevel.LAND and portal["region_code"] == "DE-NW"
    lag = next(o for o in rows["organisations"] if o["name"] == "LAG SELBSTHILFE Bayern e.V.")
    assert lag["level"] is OrganisationLevel.LAND and lag["region_code"] == "DE-BY"
    assert lag["website"] is None and lag["city"] is None  # not in the texts: left empty


def test_nationwide_groups_are_not_sent_to_a_local_office(rows: Rows) -> None:
    nationwide = [g for g in rows["groups"] if g["reach"] is GroupReach.NATIONWIDE]
    assert nationwide
    assert all(g["contact_point_id"] is None for g in nationwide)
    assert all(g["contact_mode"] is ContactMode.DIRECT for g in nationwide)
    contacts = {c["group_id"]: c for c in rows["group_contacts"]}
    assert all(contacts[g["id"]]["email"] for g in nationwide)


def test_via_contact_point_only_to_offices_with_a_public_phone_or_email(rows: Rows) -> None:
    offices = {row["id"]: row for row in rows["contact_points"]}
    via = [g for g in rows["groups"] if g["contact_mode"] is ContactMode.VIA_CONTACT_POINT]
    assert via
    for group in via:
        office = offices[group["contact_point_id"]]
        assert office["office_phone"] or office["office_email"], group["id"]


def test_group_organisation_links_fit_topic_and_land(rows: Rows) -> None:
    orgs = {o["id"]: o for o in rows["organisations"]}
    org_topics = {(t["organisation_id"], t["topic_id"]) for t in rows["organisation_topics"]}
    main_topic: dict[int, set[int]] = {}
    for link in rows["group_topics"]:
        main_topic.setdefault(link["group_id"], set()).add(link["topic_id"])
    linked = [g for g in rows["groups"] if g["organisation_id"] is not None]
    assert linked
    for group in linked:
        org = orgs[group["organisation_id"]]
        assert any((org["id"], t) in org_topics for t in main_topic[group["id"]])
        if org["level"] is OrganisationLevel.LAND:
            assert org["region_code"] == group["region_code"]


def test_published_digital_groups_have_the_admission_confirmations(rows: Rows) -> None:
    for group in rows["groups"]:
        if group["format"] is GroupFormat.IN_PERSON:
            assert group["tool"] is None and group["meeting_minutes"] is None
            continue
        assert group["tool"] is not None and group["meeting_minutes"] in (60, 90, 120)
        assert 4 <= group["group_size"] <= 14
        if group["review_state"] is ReviewState.PUBLISHED:
            assert group["no_professional_leadership"] is True
            assert group["funding_disclosed"] is True


def test_every_row_of_a_table_has_the_same_columns(rows: Rows) -> None:
    """One INSERT per batch takes the first row's columns: a row with more would lose them."""
    for table, batch in rows.items():
        assert len({frozenset(row) for row in batch}) <= 1, table
