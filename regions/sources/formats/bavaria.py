"""Bavaria's schema as the region's system has it (German names, own keys, own keywords)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
)

from regions.sources.moments import UtcDateTime
from regions.sources.sql.layout import ContactColumns, CorrectionColumns, SqlLayout, TopicLink
from regions.sources.vocabulary import Audience, ContactMode, GroupFormat, GroupReach, GroupStatus

metadata = MetaData()

gruppen = Table(
    "selbsthilfegruppen",
    metadata,
    Column("gruppen_id", Integer, primary_key=True),
    Column("bezeichnung", String(200), nullable=False, index=True),
    Column("beschreibung", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False),  # aktiv, in_gruendung, ruhend
    Column("treffart", String(20), nullable=False, index=True),  # praesenz, online, hybrid
    Column("einzugsgebiet", String(20), nullable=False),  # ortsgruppe, landesweit
    Column("zielgruppe", String(20), nullable=False),  # betroffene, angehoerige, beide
    Column("kontaktstelle_nr", Integer, nullable=False, index=True),  # national contact point
    Column("nur_ueber_kontaktstelle", Boolean, nullable=False),
    Column("plz", String(5)),
    Column("ort", String(80)),
    Column("breitengrad", Float),
    Column("laengengrad", Float),
    Column("adresse_vertraulich", Boolean, nullable=False, default=False),
    Column("turnus_rrule", String(120)),
    Column("uhrzeit", Time),
    Column("turnus_text", String(200)),
    Column("sprachen", String(40), nullable=False, default="de"),
    Column("rollstuhlgerecht", Boolean),
    Column("barrierefreiheit", String(200)),
    Column("neue_mitglieder", Boolean, nullable=False, index=True),
    Column("freigegeben", Boolean, nullable=False),  # released for publication
    Column("geaendert_am", UtcDateTime(), nullable=False),
    Column("geprueft_am", UtcDateTime()),
)

stichwort_thema = Table(  # the mapping table: Bavarian keyword -> national topic slug
    "stichwort_thema",
    metadata,
    Column("stichwort", String(120), primary_key=True),
    Column("thema_slug", String(80), nullable=False, index=True),
)

gruppe_stichwort = Table(
    "gruppe_stichwort",
    metadata,
    Column("gruppen_id", ForeignKey("selbsthilfegruppen.gruppen_id"), primary_key=True),
    Column("stichwort", ForeignKey("stichwort_thema.stichwort"), primary_key=True, index=True),
)

ansprechpartner = Table(  # personal data
    "ansprechpartner",
    metadata,
    Column("gruppen_id", ForeignKey("selbsthilfegruppen.gruppen_id"), primary_key=True),
    Column("name", String(120)),
    Column("telefon", String(40)),
    Column("email", String(200)),
    Column("online_raum", String(300)),
)

korrekturmeldungen = Table(  # corrections the graph forwards; the coordination office decides
    "korrekturmeldungen",
    metadata,
    Column("meldung_id", Integer, primary_key=True, autoincrement=True),
    Column("zustellschluessel", String(80), nullable=False, unique=True),  # one row per delivery
    Column("gruppen_id", Integer, nullable=False, index=True),
    Column("feld", String(40), nullable=False),
    Column("vorschlag", Text, nullable=False),
    Column("anmerkung", Text),
    Column("gemeldet_am", UtcDateTime(), nullable=False),
    Column("meldung_ref", String(200), nullable=False),  # the graph's correction id
    Column("eingegangen_am", UtcDateTime(), nullable=False),
)

STATUS = {
    "aktiv": GroupStatus.ACTIVE,
    "in_gruendung": GroupStatus.FOUNDING,
    "ruhend": GroupStatus.PAUSED,
    "aufgeloest": GroupStatus.ENDED,
}
TREFFART = {
    "praesenz": GroupFormat.IN_PERSON,
    "online": GroupFormat.DIGITAL,
    "hybrid": GroupFormat.HYBRID,
}
EINZUGSGEBIET = {"ortsgruppe": GroupReach.LOCAL, "landesweit": GroupReach.STATE}
ZIELGRUPPE = {
    "betroffene": Audience.AFFECTED,
    "angehoerige": Audience.RELATIVES,
    "beide": Audience.BOTH,
}
KONTAKTWEG = {False: ContactMode.DIRECT, True: ContactMode.VIA_CONTACT_POINT}

c = gruppen.c
LAYOUT = SqlLayout(
    metadata=metadata,
    groups=gruppen,
    key=c.gruppen_id,
    columns={
        "name": c.bezeichnung,
        "description": c.beschreibung,
        "status": c.status,
        "format": c.treffart,
        "reach": c.einzugsgebiet,
        "audience": c.zielgruppe,
        "contact_point_key": c.kontaktstelle_nr,
        "contact_mode": c.nur_ueber_kontaktstelle,
        "postal_code": c.plz,
        "city": c.ort,
        "latitude": c.breitengrad,
        "longitude": c.laengengrad,
        "address_withheld": c.adresse_vertraulich,
        "meeting_rule": c.turnus_rrule,
        "meeting_time": c.uhrzeit,
        "meeting_note": c.turnus_text,
        "languages": c.sprachen,
        "wheelchair_accessible": c.rollstuhlgerecht,
        "accessibility_note": c.barrierefreiheit,
        "open_for_new_members": c.neue_mitglieder,
        "updated_at": c.geaendert_am,
        "verified_at": c.geprueft_am,
    },
    values={
        "status": STATUS,
        "format": TREFFART,
        "reach": EINZUGSGEBIET,
        "audience": ZIELGRUPPE,
        "contact_mode": KONTAKTWEG,
    },
    published=c.freigegeben.is_(True),
    topics=TopicLink(
        link=gruppe_stichwort,
        link_group=gruppe_stichwort.c.gruppen_id,
        link_keyword=gruppe_stichwort.c.stichwort,
        mapping=stichwort_thema,
        mapping_keyword=stichwort_thema.c.stichwort,
        mapping_slug=stichwort_thema.c.thema_slug,
    ),
    contacts=ContactColumns(
        table=ansprechpartner,
        group=ansprechpartner.c.gruppen_id,
        name=ansprechpartner.c.name,
        phone=ansprechpartner.c.telefon,
        email=ansprechpartner.c.email,
        meeting_link=ansprechpartner.c.online_raum,
    ),
    index="gruppen_suche",
    fill="regions.standins.bavaria.demo:fill",
    corrections=CorrectionColumns(
        table=korrekturmeldungen,
        delivery_key=korrekturmeldungen.c.zustellschluessel,
        group=korrekturmeldungen.c.gruppen_id,
        field=korrekturmeldungen.c.feld,
        proposed_value=korrekturmeldungen.c.vorschlag,
        note=korrekturmeldungen.c.anmerkung,
        reported_at=korrekturmeldungen.c.gemeldet_am,
        reference=korrekturmeldungen.c.meldung_ref,
        received_at=korrekturmeldungen.c.eingegangen_am,
        fields={
            "name": "bezeichnung",
            "description": "beschreibung",
            "status": "status",
            "format": "treffart",
            "reach": "einzugsgebiet",
            "audience": "zielgruppe",
            "contact_point_key": "kontaktstelle_nr",
            "contact_mode": "nur_ueber_kontaktstelle",
            "postal_code": "plz",
            "city": "ort",
            "meeting_rule": "turnus_rrule",
            "meeting_time": "uhrzeit",
            "meeting_note": "turnus_text",
            "languages": "sprachen",
            "accessibility_note": "barrierefreiheit",
            "wheelchair_accessible": "rollstuhlgerecht",
            "open_for_new_members": "neue_mitglieder",
            "contact": "ansprechpartner",
        },
    ),
)
