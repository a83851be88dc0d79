"""The NRW service's own SQLite database (created with metadata.create_all, a demo stand-in)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """NRW's moments: written in UTC (a naive one taken as UTC), read back aware in UTC
    (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @staticmethod
    def _utc(value: Any) -> Any:
        if not isinstance(value, datetime):
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return self._utc(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return self._utc(value)


metadata = MetaData()

LAND = "DE-NW"

gruppen = Table(
    "gruppen",
    metadata,
    Column("kennung", String(12), primary_key=True),  # NW-000001: zero-padded, sorts as text
    Column("titel", String(200), nullable=False),
    Column("beschreibung", Text, nullable=False),
    Column("zustand", String(20), nullable=False),
    Column("art", String(20), nullable=False, index=True),
    Column("wirkungskreis", String(20), nullable=False),
    Column("fuer", String(20), nullable=False),
    Column("kontaktstelle_id", Integer, nullable=False, index=True),
    Column("erreichbar", String(24), nullable=False),
    Column("plz", String(5)),
    Column("ort", String(80)),
    Column("lat", Float),
    Column("lon", Float),
    Column("ort_vertraulich", Boolean, nullable=False),
    Column("regel", String(120)),
    Column("uhrzeit", String(5)),
    Column("hinweis", String(200)),
    Column("sprachen", String(40), nullable=False),
    Column("rollstuhl", Boolean),
    Column("barriere_hinweis", String(200)),
    Column("offen", Boolean, nullable=False),
    Column("veroeffentlicht", Boolean, nullable=False),
    Column("stand", UtcDateTime(), nullable=False),
    Column("geprueft", UtcDateTime()),
)

themen = Table(
    "gruppen_themen",
    metadata,
    Column("kennung", String(12), primary_key=True),
    Column("slug", String(80), primary_key=True, index=True),
)

kontakte = Table(
    "kontakte",
    metadata,
    Column("kennung", String(12), primary_key=True),
    Column("name", String(120)),
    Column("telefon", String(40)),
    Column("email", String(200)),
    Column("online_link", String(300)),
)

korrekturen = Table(  # corrections the graph forwards; NRW's coordination office decides
    "korrekturen",
    metadata,
    Column("nr", Integer, primary_key=True, autoincrement=True),
    Column("zustellschluessel", String(80), nullable=False, unique=True),  # one row per delivery
    Column("kennung", String(12), nullable=False, index=True),
    Column("feld", String(40), nullable=False),
    Column("vorschlag", Text, nullable=False),
    Column("hinweis", Text),
    Column("gemeldet", UtcDateTime(), nullable=False),
    Column("referenz", String(200), nullable=False),
    Column("eingegangen", UtcDateTime(), nullable=False),
)

loeschungen = Table(  # receipts of erasures the graph forwarded: the key and counts, no person
    "loeschungen",
    metadata,
    Column("nr", Integer, primary_key=True, autoincrement=True),
    Column("zustellschluessel", String(80), nullable=False, unique=True),  # one per delivery
    Column("kontakte", Integer, nullable=False),
    Column("korrekturen", Integer, nullable=False),
    Column("eingegangen", UtcDateTime(), nullable=False),
)
