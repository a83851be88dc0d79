"""The search parameters of NRW's API, read strictly from a query string.

wort=<word> or wort=<word>:<slug>,<slug> (repeatable, at most 8): a word of the search text,
with the national topics it names; thema (repeatable; `thema=` alone: no topic matches);
art (repeatable, NRW's words; `art=` alone: no format matches); wirkungskreis; offen=true|false;
lat, lon and umkreis_km together (radius 0 < r <= 200), land (the Land of that place);
ordnung=relevanz|entfernung; ab_rang, ab_kennung, ab_inklusive=true|false (where a ranked
page continues); zustand (repeatable, NRW's words; `zustand=` alone: none matches);
fuer (offen für: angehoerige finds also groups for beide); sprache (ISO 639-1);
rollstuhl=true|false; kontaktstelle_nr (the national registry's number of a contact point).
Anything else malformed raises BadParameter (answered with 400).
"""

from __future__ import annotations

import math
from typing import Any

from regions.standins.nrw.search import Ab, Suche, Umkreis, Wort
from regions.standins.nrw.text import MAX_WORDS, WORD

MAX_RADIUS_KM = 200.0
# NRW's words in its API
ZUSTAND = ("aktiv", "gruendung", "pause", "beendet")
ART = ("vor_ort", "online", "hybrid")
WIRKUNGSKREIS = ("lokal", "landesweit", "bundesweit")  # bundesweit: none of NRW's groups
FUER = ("betroffene", "angehoerige", "beide")
ORDNUNG = ("relevanz", "entfernung")
# The Länder by ISO 3166-2 code (a search around a place names the place's Land)
LAENDER = frozenset(
    ("DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV")
    + ("DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH")
)
SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


class BadParameter(ValueError):
    """A parameter the service cannot use; the message names it (German, for the answer)."""


def flag(params: Any, name: str) -> bool | None:
    value = params.get(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise BadParameter(f"{name} muss true oder false sein")
    return value == "true"


def _number(params: Any, name: str) -> float | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadParameter(f"{name} ist keine Zahl") from None
    if not math.isfinite(number):
        raise BadParameter(f"{name} ist keine endliche Zahl")
    return number


def _slug(value: str, name: str) -> str:
    if not value or not set(value) <= SLUG_CHARS or len(value) > 80:
        raise BadParameter(f"{name}: kein Themen-Slug: {value!r}")
    return value


def _term(value: str) -> Wort:
    word, colon, slugs = value.partition(":")
    word = word.strip().lower()
    if not WORD.fullmatch(word) or len(word) > 60:
        raise BadParameter(f"wort: kein einzelnes Wort: {value!r}")
    topics = tuple(_slug(s, "wort") for s in slugs.split(",")) if colon else ()
    return Wort(wort=word, themen=topics)


def _near(params: Any) -> Umkreis | None:
    lat, lon = _number(params, "lat"), _number(params, "lon")
    radius = _number(params, "umkreis_km")
    land = params.get("land")
    given = [v is not None for v in (lat, lon, radius)]
    if not any(given):
        if land is not None:
            raise BadParameter("land nur mit lat, lon und umkreis_km")
        return None
    if not all(given):
        raise BadParameter("lat, lon und umkreis_km nur zusammen")
    assert lat is not None and lon is not None and radius is not None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadParameter("lat/lon außerhalb der Erde")
    if not 0 < radius <= MAX_RADIUS_KM:
        raise BadParameter(f"umkreis_km muss größer 0 und höchstens {MAX_RADIUS_KM:g} sein")
    if land is not None and land not in LAENDER:
        raise BadParameter(f"land: unbekannt: {land!r}")
    return Umkreis(lat=lat, lon=lon, km=radius, land=land)


def group_filter(params: Any) -> Suche:
    slugs = params.getlist("thema")
    topic_slugs = tuple(_slug(s, "thema") for s in slugs if s) if slugs else None
    words = params.getlist("wort")
    if len(words) > MAX_WORDS:
        raise BadParameter(f"höchstens {MAX_WORDS} Wörter")
    arts = params.getlist("art")
    for art in arts:
        if art and art not in ART:
            raise BadParameter(f"art: unbekannt: {art!r}")
    formats = tuple(dict.fromkeys(a for a in arts if a)) if arts else None
    reach = params.get("wirkungskreis")
    if reach is not None and reach not in WIRKUNGSKREIS:
        raise BadParameter(f"wirkungskreis: unbekannt: {reach!r}")
    states = params.getlist("zustand")
    for state in states:
        if state and state not in ZUSTAND:
            raise BadParameter(f"zustand: unbekannt: {state!r}")
    audience = params.get("fuer")
    if audience is not None and audience not in FUER:
        raise BadParameter(f"fuer: unbekannt: {audience!r}")
    language = params.get("sprache")
    if language is not None and not (
        len(language) == 2 and language.isascii() and language.isalpha() and language.islower()
    ):
        raise BadParameter(f"sprache: kein Sprachcode: {language!r}")
    point = params.get("kontaktstelle_nr")
    if point is not None and not (point.isascii() and point.isdigit() and len(point) <= 12):
        raise BadParameter(f"kontaktstelle_nr: keine Nummer: {point!r}")
    return Suche(
        zustaende=tuple(dict.fromkeys(s for s in states if s)) if states else None,
        fuer=audience,
        sprache=language,
        rollstuhl=flag(params, "rollstuhl"),
        kontaktstelle=None if point is None else int(point),
        themen=topic_slugs,
        woerter=tuple(_term(w) for w in words),
        arten=formats,
        wirkungskreis=reach,
        offen=flag(params, "offen"),
        umkreis=_near(params),
    )


def order(params: Any) -> str:
    value = params.get("ordnung", "relevanz")
    if value not in ORDNUNG:
        raise BadParameter(f"ordnung muss {' oder '.join(ORDNUNG)} sein")
    return str(value)


def seek(params: Any, valid_key: Any) -> Ab | None:
    rank = _number(params, "ab_rang")
    key = params.get("ab_kennung")
    inclusive = flag(params, "ab_inklusive")
    if rank is None:
        if key is not None or inclusive is not None:
            raise BadParameter("ab_kennung und ab_inklusive nur mit ab_rang")
        return None
    if key is not None and not valid_key(key):
        raise BadParameter(f"ab_kennung: keine Kennung: {key!r}")
    return Ab(rang=rank, kennung=key, inklusive=bool(inclusive))
