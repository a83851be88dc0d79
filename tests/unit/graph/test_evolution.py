"""Breaking changes against the released schema, allowed only after @deprecated."""

from __future__ import annotations

from graph.evolution import breaking_changes

RELEASED = """
type Query {
  groups(first: Int, status: String @deprecated(reason: "use state")): [Group!]!
  old: Int @deprecated(reason: "use groups")
  kept: Int
}
type Group { id: ID! name: String! nick: String @deprecated(reason: "use name") }
enum Format { DIGITAL HYBRID ONSITE @deprecated(reason: "use IN_PERSON") IN_PERSON }
input Near { postalCode: String! radiusKm: Float @deprecated(reason: "use km") km: Float }
"""


def change(old: str, new: str) -> str:
    return RELEASED.replace(old, new, 1)


def test_an_unchanged_or_grown_schema_breaks_nothing() -> None:
    assert breaking_changes(RELEASED, RELEASED) == []
    grown = change("kept: Int", "kept: Int\n  added(first: Int): Int")
    assert breaking_changes(RELEASED, grown) == []


def test_removing_what_was_not_deprecated_breaks() -> None:
    assert breaking_changes(RELEASED, change("  kept: Int\n", "")) == [
        "Field Query.kept was removed."
    ]
    assert breaking_changes(RELEASED, change("first: Int, ", "")) == [
        "Argument Query.groups(first:) was removed."
    ]
    assert breaking_changes(RELEASED, change("DIGITAL ", "")) == [
        "Enum value Format.DIGITAL was removed."
    ]
    assert breaking_changes(RELEASED, change("name: String!", "name: Int!")) == [
        "Field Group.name changed type from String! to Int!."
    ]
    assert breaking_changes(RELEASED, RELEASED.replace("Group", "Gruppe")) == [
        "Group was removed.",
        "Field Query.groups changed type from [Group!]! to [Gruppe!]!.",
    ]
    required = change("postalCode: String!", "postalCode: String! country: String!")
    assert breaking_changes(RELEASED, required) == ["A required field Near.country was added."]


def test_removing_what_was_deprecated_first_is_allowed() -> None:
    assert (
        breaking_changes(RELEASED, change('  old: Int @deprecated(reason: "use groups")\n', ""))
        == []
    )
    assert (
        breaking_changes(RELEASED, change(' nick: String @deprecated(reason: "use name")', ""))
        == []
    )
    assert (
        breaking_changes(RELEASED, change('ONSITE @deprecated(reason: "use IN_PERSON") ', "")) == []
    )
    assert (
        breaking_changes(RELEASED, change(', status: String @deprecated(reason: "use state")', ""))
        == []
    )
    assert (
        breaking_changes(RELEASED, change(' radiusKm: Float @deprecated(reason: "use km")', ""))
        == []
    )
