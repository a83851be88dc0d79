"""The BW service's own SQLite database (plain SQLAlchemy Core; created with create_all)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()

gruppen = Table(
    "gruppen",
    metadata,
    Column("nr", Integer, primary_key=True, autoincrement=False),  # BW's own key order
    Column("name", String(200), nullable=False),
    Column("name_klein", String(200), nullable=False),  # casefolded, for the substring filter
    Column("beschreibung", Text),
    Column("plz", String(5), nullable=False, index=True),
    Column("ort", String(80), nullable=False),
    Column("breite", Float),
    Column("laenge", Float),
    Column("online", Boolean, nullable=False),
    Column("nimmt_auf", Boolean, nullable=False),
    Column("aktiv", Boolean, nullable=False),
    Column("kontaktstelle", String(80)),
    Column("freigegeben", Boolean, nullable=False),  # only released groups are published
    Column("geaendert", String(20), nullable=False),  # YYYY-MM-DDTHH:MM:SSZ, UTC
)

stichworte = Table(
    "stichworte",
    metadata,
    Column("nr", Integer, primary_key=True),
    Column("stichwort", String(80), primary_key=True),
    Column("stichwort_klein", String(80), nullable=False, index=True),
)

kontakte = Table(  # personal data: only with the service key
    "kontakte",
    metadata,
    Column("nr", Integer, primary_key=True),
    Column("name", String(120)),
    Column("email", String(200)),
    Column("telefon", String(40)),
)
