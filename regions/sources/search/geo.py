"""Where a group is, as far as anyone may know: the point a store holds for a withheld meeting
place (`public_point`), and distances on the earth in SQL (haversine) with a bounding box the
indexes can use."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Float, and_, bindparam, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from regions.sources.search.binds import is_named, value
from regions.sources.search.query import Near

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# A meeting place that is not published is measured in steps of this size, never less than
# one step, so that a distance (and an order by distance) tells no more than roughly where
# the group meets, and no radius under one step finds it.
WITHHELD_STEP_KM = 5.0

Point = tuple[float, float]


def public_point(town: Point | None, postal_code: Point | None, withheld: bool) -> Point | None:
    """The (latitude, longitude) a store holds for a group's meeting place.

    A published place: its postal code's centroid (or the town's, without one). A withheld
    place: its town's centre and never anything finer, so that no query, however repeated,
    can learn more than the town the group already shows; None when the town is unknown (the
    group then matches no place search). Every writer of groups uses this: the demo
    generators of the registry and of the regions' stand-ins, and the write path.
    """
    if withheld:
        return town
    return postal_code or town


def _haversine(lat: Any, lon: Any, centre_lat: Any, centre_lon: Any) -> Any:
    d_lat = func.radians(lat - centre_lat) / 2
    d_lon = func.radians(lon - centre_lon) / 2
    a = func.sin(d_lat) * func.sin(d_lat) + func.cos(func.radians(centre_lat)) * (
        func.cos(func.radians(lat)) * func.sin(d_lon) * func.sin(d_lon)
    )
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def _shown(lat: Any, exact: Any, withheld: Any) -> Any:
    step = WITHHELD_STEP_KM
    return case(
        (lat.is_(None), None),
        (withheld, case((exact <= step, step), else_=func.ceil(exact / step) * step)),
        else_=exact,
    )


class Distance(ColumnElement[float]):
    """A distance from the centre of `near` in SQL, as one element: the haversine's tree,
    written out two to six times per kind of result, made building a search's statements
    (and their cache keys) cost more than running them. Compiled to the same SQL as written
    out; the centre is two bound values, each used wherever the expression needs it."""

    inherit_cache = True
    type = Float()
    _traverse_internals = [
        ("lat", InternalTraversal.dp_clauseelement),
        ("lon", InternalTraversal.dp_clauseelement),
        ("withheld", InternalTraversal.dp_clauseelement),
        ("shown", InternalTraversal.dp_boolean),
        ("centre_lat", InternalTraversal.dp_clauseelement),
        ("centre_lon", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, lat: Any, lon: Any, near: Near, withheld: Any = None) -> None:
        self.lat = lat
        self.lon = lon
        self.shown = withheld is not None
        self.withheld = withheld
        if is_named():  # the same centre wherever a statement measures from it
            self.centre_lat: BindParameter[Any] = bindparam("near_lat", near.latitude)
            self.centre_lon: BindParameter[Any] = bindparam("near_lon", near.longitude)
        else:
            self.centre_lat = bindparam(None, near.latitude, unique=True)
            self.centre_lon = bindparam(None, near.longitude, unique=True)

    def written_out(self) -> Any:
        exact = _haversine(self.lat, self.lon, self.centre_lat, self.centre_lon)
        return _shown(self.lat, exact, self.withheld) if self.shown else exact


@compiles(Distance)
def _distance(element: Distance, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.written_out(), **kw))


def distance_km(lat: ColumnElement[Any], lon: ColumnElement[Any], near: Near) -> Any:
    """Great-circle distance from the centre of `near` to (lat, lon), in km."""
    return Distance(lat, lon, near)


def shown_distance_km(
    lat: ColumnElement[Any], lon: ColumnElement[Any], withheld: Any, near: Near
) -> Any:
    """The distance a result shows and is ordered and filtered by: null without a place;
    where the place is withheld, rounded up to WITHHELD_STEP_KM and at least one step (so it
    never shows 0 and never matches a radius under one step)."""
    return Distance(lat, lon, near, withheld)


def box(near: Near) -> tuple[float, float, float, float]:
    """The rectangle around the circle: (south, north, west, east)."""
    d_lat = near.radius_km / KM_PER_DEGREE
    d_lon = near.radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(near.latitude)), 0.01))
    return (
        near.latitude - d_lat,
        near.latitude + d_lat,
        near.longitude - d_lon,
        near.longitude + d_lon,
    )


_BOX = ("box_south", "box_north", "box_west", "box_east")


def in_box(lat: ColumnElement[Any], lon: ColumnElement[Any], near: Near) -> ColumnElement[bool]:
    """A cheap pre-filter: the rectangle around the circle (uses plain column indexes)."""
    south, north, west, east = (
        value(name, v, col)
        for name, v, col in zip(_BOX, box(near), (lat, lat, lon, lon), strict=True)
    )
    return and_(lat.between(south, north), lon.between(west, east))


def within_radius(distance: Any, near: Near) -> ColumnElement[bool]:
    """`distance` (from `distance_km` or `shown_distance_km`) is at most the radius."""
    return distance <= value("near_km", near.radius_km, distance)  # type: ignore[no-any-return]


def near_values(near: Near | None) -> dict[str, Any]:
    """The values of the parameters a place gives a statement built `named()`."""
    if near is None:
        return {}
    return {
        "near_lat": near.latitude,
        "near_lon": near.longitude,
        "near_km": near.radius_km,
        **dict(zip(_BOX, box(near), strict=True)),
    }
