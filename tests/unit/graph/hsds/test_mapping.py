"""The HSDS mapping alone: what a group, a contact point and a withheld place become, checked
against the Open Referral schemas."""

from __future__ import annotations

from datetime import UTC, datetime, time
from types import SimpleNamespace

from graph.hsds import ids, mapping
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus
from tests.hsds_check import assert_valid

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def group(**changes: object) -> SimpleNamespace:
    fields = {
        "source": "DE-NW",
        "name": "Angst Dortmund",
        "description": "Wir treffen uns.",
        "status": GroupStatus.ACTIVE,
        "format": GroupFormat.IN_PERSON,
        "reach": GroupReach.LOCAL,
        "audience": Audience.BOTH,
        "region_code": "DE-NW",
        "contact_mode": ContactMode.VIA_CONTACT_POINT,
        "postal_code": "44135",
        "city": "Dortmund",
        "latitude": 51.51,
        "longitude": 7.47,
        "address_withheld": False,
        "meeting_rule": "FREQ=MONTHLY;BYDAY=2TU",
        "meeting_time": time(19, 0),
        "meeting_note": "im Gemeindehaus",
        "languages": "de tr",
        "wheelchair_accessible": True,
        "accessibility_note": "Aufzug",
        "open_for_new_members": True,
        "updated_at": NOW,
        "verified_at": NOW,
    }
    return SimpleNamespace(**(fields | changes))


def public(**changes: object) -> mapping.PublicGroup:
    return mapping.public_group(group(**changes), "NW-000001", 7, [3])


TOPIC = mapping.PublicTopic(3, "angst", "Angst", None)


def test_group_with_a_place() -> None:
    g = public()
    service = mapping.group_service(g, [TOPIC])
    assert_valid("service.json", service)
    assert service["schedules"][0]["freq"] == "MONTHLY"
    assert service["schedules"][0]["byday"] == "2TU"
    assert service["schedules"][0]["opens_at"] == "19:00"
    assert service["organization_id"] == ids.make(ids.CONTACT_POINT, "nakos", 7)
    assert [x["code"] for x in service["languages"]] == ["de", "tr"]
    sal = service["service_at_locations"][0]
    assert sal["location"]["addresses"][0]["postal_code"] == "44135"
    assert sal["location"]["latitude"] == 51.51
    assert sal["location"]["accessibility"][0]["details"] == "Aufzug"


def test_withheld_place_is_only_its_town() -> None:
    sal = mapping.group_at_location(public(address_withheld=True))
    assert_valid("service_at_location.json", sal)
    loc = sal["location"]
    assert "latitude" not in loc and "longitude" not in loc
    assert loc["addresses"][0]["city"] == "Dortmund"
    assert loc["addresses"][0]["postal_code"] == ""
    assert "44135" not in str(sal) and "51.51" not in str(sal)


def test_group_without_a_place() -> None:
    sal = mapping.group_at_location(public(city=None, postal_code=None, latitude=None))
    assert_valid("service_at_location.json", sal)
    assert sal["location"]["addresses"] == []


def test_nationwide_digital_group() -> None:
    g = public(format=GroupFormat.DIGITAL, reach=GroupReach.NATIONWIDE, region_code=None, city=None)
    service = mapping.group_service(g, [])
    assert_valid("service.json", service)
    assert service["service_at_locations"] == []
    assert service["service_areas"][0]["name"] == "Deutschland"
    assert service["schedules"][0]["attending_type"] == "online"


def test_a_rule_hsds_cannot_say_stays_in_notes() -> None:
    s = mapping.meeting_schedule(public(meeting_rule="FREQ=DAILY"), "service_id", "x")
    assert s is not None and "freq" not in s and s["notes"] == "RRULE:FREQ=DAILY"


def test_contact_point_without_hours() -> None:
    row = SimpleNamespace(
        id=5,
        name="KISS Testdorf",
        carrier=None,
        main_office_id=None,
        region_code="DE-BY",
        street="Hauptstr. 1",
        postal_code="97070",
        city="Würzburg",
        latitude=49.79,
        longitude=9.93,
        office_phone="0931 1",
        office_email="info@example.org",
        website=None,
        office_hours_note=None,
        source="nakos",
        updated_at=NOW,
        verified_at=None,
    )
    cp = mapping.public_contact_point(row, [], [])
    assert_valid("organization.json", mapping.contact_point_organization(cp))
    support = mapping.support(cp)
    assert_valid("service.json", support)
    assert support["schedules"] == []
    assert_valid("service_at_location.json", mapping.support_at_office(cp))


def test_ids_round_trip_and_refuse_others() -> None:
    made = ids.make(ids.SUPPORT, "nakos", 42)
    assert ids.parse(made) == ids.Ref(ids.SUPPORT, "nakos", "42")
    assert ids.parse("not-a-uuid") is None
    assert ids.parse("00000000-0000-0000-0000-000000000000") is None
