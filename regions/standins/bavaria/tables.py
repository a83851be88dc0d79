"""Bavaria's own database tables, as its system defines them (German names, own keys).

The Land's schema, written here for the demo fill; the graph's reader describes the same
tables for itself (regions.sources.formats.bavaria), sharing nothing with this module.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
)

metadata = MetaData()

gruppen = Table(
    "selbsthilfegruppen",
    metadata,
    Column("gruppen_id", Integer, primary_key=True),
    Column("bezeichnung", String(200), nullable=False),
    Column("beschreibung", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("treffart", String(20), nullable=False),
    Column("einzugsgebiet", String(20), nullable=False),
    Column("zielgruppe", String(20), nullable=False),
    Column("kontaktstelle_nr", Integer, nullable=False),
    Column("nur_ueber_kontaktstelle", Boolean, nullable=False),
    Column("plz", String(5)),
    Column("ort", String(80)),
    Column("breitengrad", Float),
    Column("laengengrad", Float),
    Column("adresse_vertraulich", Boolean, nullable=False),
    Column("turnus_rrule", String(120)),
    Column("uhrzeit", Time),
    Column("turnus_text", String(200)),
    Column("sprachen", String(40), nullable=False),
    Column("rollstuhlgerecht", Boolean),
    Column("barrierefreiheit", String(200)),
    Column("neue_mitglieder", Boolean, nullable=False),
    Column("freigegeben", Boolean, nullable=False),
    Column("geaendert_am", DateTime(timezone=True), nullable=False),  # written in UTC
    Column("geprueft_am", DateTime(timezone=True)),
)

stichwort_thema = Table(
    "stichwort_thema",
    metadata,
    Column("stichwort", String(120), primary_key=True),
    Column("thema_slug", String(80), nullable=False),
)

gruppe_stichwort = Table(
    "gruppe_stichwort",
    metadata,
    Column("gruppen_id", ForeignKey("selbsthilfegruppen.gruppen_id"), primary_key=True),
    Column("stichwort", ForeignKey("stichwort_thema.stichwort"), primary_key=True),
)

ansprechpartner = Table(
    "ansprechpartner",
    metadata,
    Column("gruppen_id", ForeignKey("selbsthilfegruppen.gruppen_id"), primary_key=True),
    Column("name", String(120)),
    Column("telefon", String(40)),
    Column("email", String(200)),
    Column("online_raum", String(300)),
)

# Bavaria's words for the demo generator's values
STATUS = {"ACTIVE": "aktiv", "FOUNDING": "in_gruendung", "PAUSED": "ruhend"}
TREFFART = {"IN_PERSON": "praesenz", "DIGITAL": "online", "HYBRID": "hybrid"}
EINZUGSGEBIET = {"LOCAL": "ortsgruppe", "STATE": "landesweit"}
ZIELGRUPPE = {"AFFECTED": "betroffene", "RELATIVES": "angehoerige", "BOTH": "beide"}
