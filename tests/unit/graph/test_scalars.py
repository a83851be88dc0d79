"""The custom scalars: one DateTime form (UTC, "Z") whatever the source kept, and each scalar
names its specification."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from graph.scalars import parse_date, parse_datetime, parse_time, serialize_datetime
from graph.schema import build_schema


@pytest.mark.parametrize(
    "value",
    [
        datetime(2025, 12, 22, 22, 27, 19),  # the registry's SQLite and Bavaria: naive UTC
        datetime(2025, 12, 22, 22, 27, 19, tzinfo=UTC),  # NRW: with an offset
        datetime(2025, 12, 22, 23, 27, 19, tzinfo=timezone(timedelta(hours=1))),
    ],
)
def test_every_moment_is_serialized_in_utc_with_z(value: datetime) -> None:
    assert serialize_datetime(value) == "2025-12-22T22:27:19Z"


def test_input_needs_an_offset_and_becomes_utc() -> None:
    assert parse_datetime("2025-12-22T23:27:19+01:00") == datetime(
        2025, 12, 22, 22, 27, 19, tzinfo=UTC
    )
    assert parse_datetime("2025-12-22T22:27:19Z").tzinfo is not None
    for bad in ("2025-12-22T22:27:19", "yesterday", 5):
        with pytest.raises(ValueError):
            parse_datetime(bad)


def test_date_and_time_are_iso_8601() -> None:
    assert parse_date("2025-12-22") == date(2025, 12, 22)
    assert parse_time("18:30:00") == time(18, 30)
    with pytest.raises(ValueError):
        parse_time("18:30:00+01:00")


def test_each_custom_scalar_names_its_specification() -> None:
    schema = build_schema()._schema
    custom = {
        name: t
        for name, t in schema.type_map.items()
        if type(t).__name__ == "GraphQLScalarType"
        and name not in ("String", "Int", "Float", "Boolean", "ID")
    }
    assert set(custom) >= {"Date", "DateTime", "Time"}
    for name, scalar in custom.items():
        assert scalar.specified_by_url, name
        assert scalar.specified_by_url.startswith("https://"), name
        assert scalar.description, name
