"""The pure checks of a registration's input: cleaned values, or one error per field."""

from __future__ import annotations

from typing import Any

from graph.ids import encode_id
from graph.mutations.base import fingerprint
from graph.mutations.submit_group_registration import (
    AdmissionConfirmationsInput,
    RegistrationContactInput,
    SubmitGroupRegistrationInput,
    check,
)
from graph.types.registration import MeetingTool
from regions.sources.vocabulary import Audience, GroupFormat, GroupReach

TOPIC = encode_id("Topic", "nakos", 12)


def registration(**override: Any) -> SubmitGroupRegistrationInput:
    values: dict[str, Any] = {
        "name": " Angst online ",
        "description": "Wir sprechen per Video.",
        "topics": [TOPIC],
        "format": GroupFormat.DIGITAL,
        "reach": GroupReach.NATIONWIDE,
        "audience": Audience.BOTH,
        "tool": MeetingTool.CHAT,
        "contact": RegistrationContactInput(name="Erika Muster", email="erika@example.org"),
        "confirmations": AdmissionConfirmationsInput(
            no_professional_leadership=True,
            not_commercial=True,
            discloses_funding=True,
            neutral=True,
            confidentiality_agreed=True,
        ),
        "notice_version": "2026-11",
    }
    values.update(override)
    return SubmitGroupRegistrationInput(**values)


def problems(data: SubmitGroupRegistrationInput) -> list[tuple[str | None, str]]:
    checks, _ = check(data)
    return [(e.field, e.code.value) for e in checks.errors]


def test_a_good_registration_is_cleaned() -> None:
    checks, values = check(registration(meeting_rule="freq=weekly;byday=tu"))
    assert checks.errors == []
    assert values["name"] == "Angst online"
    assert values["topics"] == [12]
    assert values["meeting_rule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert values["region"] is None and values["contact_phone"] is None


def test_region_follows_reach() -> None:
    assert problems(registration(reach=GroupReach.STATE)) == [("region", "REQUIRED")]
    assert problems(registration(region="DE-BY")) == [("region", "INVALID")]
    assert problems(registration(reach=GroupReach.LOCAL, region="de-by")) == []
    assert problems(registration(reach=GroupReach.STATE, region="DE-ZZ")) == [("region", "INVALID")]


def test_every_confirmation_is_needed_and_all_problems_come_at_once() -> None:
    refused = AdmissionConfirmationsInput(
        no_professional_leadership=False,
        not_commercial=True,
        discloses_funding=True,
        neutral=False,
        confidentiality_agreed=True,
    )
    assert problems(registration(confirmations=refused, format=GroupFormat.IN_PERSON)) == [
        ("format", "INVALID"),
        ("confirmations.noProfessionalLeadership", "REQUIRED"),
        ("confirmations.neutral", "REQUIRED"),
    ]


def test_a_retry_has_the_same_fingerprint_another_input_not() -> None:
    assert fingerprint(registration()) == fingerprint(registration())
    assert fingerprint(registration()) != fingerprint(registration(name="Andere Gruppe"))
