"""NRW's own search: what a request asks (`Suche`, in NRW's words), the conditions on its
group table, the relevance and the order of its ranked endpoint.

The ranking is the one the README publishes for NRW's `treffer`: score = 1, plus 2 when the
title has every word, plus 1 when the group carries a topic the words name; rang = -score
(ordnung=relevanz without a place), -score * 1e6 + km (with a place; no place: 100000 km),
km (ordnung=entfernung). A confidential place is measured in 5 km steps, never under 5 km.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    true,
)

from regions.standins.nrw.index import matches
from regions.standins.nrw.tables import LAND, gruppen, themen

NO_PLACE_KM = 100_000.0
SCORE_SCALE = 1_000_000.0
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
STEP_KM = 5.0  # a confidential place: distances rounded up to this, never less
ONLINE = ("online", "hybrid")

g = gruppen.c


@dataclass(frozen=True, slots=True)
class Wort:
    """A word of the search text and the topics (slugs) it names."""

    wort: str
    themen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Umkreis:
    lat: float
    lon: float
    km: float
    land: str | None = None


@dataclass(frozen=True, slots=True)
class Suche:
    """A search in NRW's words; None: not asked, an empty tuple: nothing matches."""

    woerter: tuple[Wort, ...] = ()
    themen: tuple[str, ...] | None = None
    arten: tuple[str, ...] | None = None
    wirkungskreis: str | None = None
    offen: bool | None = None
    umkreis: Umkreis | None = None
    zustaende: tuple[str, ...] | None = None
    fuer: str | None = None
    sprache: str | None = None
    rollstuhl: bool | None = None
    kontaktstelle: int | None = None

    @property
    def genannte_themen(self) -> tuple[str, ...]:
        return tuple(sorted({slug for w in self.woerter for slug in w.themen}))


@dataclass(frozen=True, slots=True)
class Ab:
    """Where a ranked page continues: after `rang` (and `kennung` at that rank)."""

    rang: float
    kennung: str | None = None
    inklusive: bool = False


def tagged(slugs: Sequence[str]) -> ColumnElement[bool]:
    """Carries one of these topics (uncorrelated: computed once)."""
    return g.kennung.in_(select(themen.c.kennung).where(themen.c.slug.in_(list(slugs))))


def conditions(s: Suche) -> list[Any]:
    plain = [w.wort for w in s.woerter if not w.themen]
    out: list[Any] = [matches(g.kennung, plain)] if plain else []
    for w in s.woerter:
        if w.themen:
            out.append(or_(matches(g.kennung, [w.wort]), tagged(w.themen)))
    if s.themen is not None:
        out.append(tagged(s.themen) if s.themen else false())
    if s.arten is not None:
        out.append(g.art.in_(s.arten) if s.arten else false())
    if s.wirkungskreis is not None:
        out.append(g.wirkungskreis == s.wirkungskreis)
    if s.offen is not None:
        out.append(g.offen.is_(s.offen))
    if s.umkreis is not None:
        out.append(_near(s.umkreis))
    if s.zustaende is not None:
        out.append(g.zustand.in_(s.zustaende))
    if s.fuer is not None:
        out.append(g.fuer.in_([s.fuer] if s.fuer == "beide" else [s.fuer, "beide"]))
    if s.sprache is not None:
        out.append((literal(" ") + g.sprachen + literal(" ")).like(f"% {s.sprache} %"))
    if s.rollstuhl is not None:
        out.append(g.rollstuhl.is_(s.rollstuhl))
    if s.kontaktstelle is not None:
        out.append(g.kontaktstelle_id == s.kontaktstelle)
    return out


def _exact_km(u: Umkreis) -> Any:
    d_lat = func.radians(g.lat - literal(u.lat)) / 2
    d_lon = func.radians(g.lon - literal(u.lon)) / 2
    a = func.sin(d_lat) * func.sin(d_lat) + func.cos(func.radians(literal(u.lat))) * (
        func.cos(func.radians(g.lat)) * func.sin(d_lon) * func.sin(d_lon)
    )
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def distance(s: Suche) -> Any:
    """The distance a group shows and is ordered and filtered by (null without a place)."""
    if s.umkreis is None:
        return literal(None, Float)
    exact = _exact_km(s.umkreis)
    return case(
        (g.lat.is_(None), None),
        (
            g.ort_vertraulich,
            case((exact <= STEP_KM, STEP_KM), else_=func.ceil(exact / STEP_KM) * STEP_KM),
        ),
        else_=exact,
    )


def _near(u: Umkreis) -> Any:
    """Meets within the radius; or is online/hybrid and reaches the whole country, or the
    whole of NRW when the place is in NRW."""
    d_lat = u.km / KM_PER_DEGREE
    d_lon = u.km / (KM_PER_DEGREE * max(math.cos(math.radians(u.lat)), 0.01))
    box = and_(
        g.lat.between(u.lat - d_lat, u.lat + d_lat), g.lon.between(u.lon - d_lon, u.lon + d_lon)
    )
    within = and_(box, distance(Suche(umkreis=u)) <= u.km)
    anywhere = [g.wirkungskreis == "bundesweit"]
    if u.land == LAND:
        anywhere.append(g.wirkungskreis == "landesweit")
    return or_(within, and_(g.art.in_(ONLINE), or_(*anywhere)))


def score(s: Suche) -> Any:
    if not s.woerter:
        return literal(1)
    named = s.genannte_themen
    title = case((matches(g.kennung, [w.wort for w in s.woerter], name_only=True), 2), else_=0)
    topic = case((tagged(named), 1), else_=0) if named else literal(0)
    return 1 + title + topic


def rank(s: Suche, ordnung: str) -> Any:
    km = cast(distance(s), Float)
    if ordnung == "entfernung":
        return case((km.is_(None), NO_PLACE_KM), else_=km)
    if s.umkreis is None:
        return cast(-score(s), Float)
    return -score(s) * SCORE_SCALE + case((km.is_(None), NO_PLACE_KM), else_=km)


def after(rang: Any, ab: Ab | None, backward: bool) -> Any:
    """Only what comes after `ab` in (rang, kennung) order (`backward`: before it)."""
    if ab is None:
        return true()
    if backward:
        if ab.kennung is None:
            return rang <= ab.rang if ab.inklusive else rang < ab.rang
        return or_(rang < ab.rang, and_(rang == ab.rang, g.kennung < ab.kennung))
    if ab.kennung is None:
        return rang >= ab.rang if ab.inklusive else rang > ab.rang
    return or_(rang > ab.rang, and_(rang == ab.rang, g.kennung > ab.kennung))
