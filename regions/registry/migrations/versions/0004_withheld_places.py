"""withheld meeting places: keep only the town's centre, never the postal code's centroid

A group whose meeting place is withheld used to sit on its postal code's centroid, so a
search near each postal code of its (public) town with a small radius found its postal
code. Such a group now holds the centre of its town: the mean of the centroids of the
postal codes whose town is the group's city in the group's Land (from `postal_codes`,
filled here first if it is still empty). Where no postal code names that town, the group
holds no point at all (latitude/longitude NULL) and matches no place search: it keeps its
town, not a place. The old points are not kept, so there is no way back (downgrade leaves
the rows as they are).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

groups = sa.table(
    "groups",
    sa.column("city", sa.String),
    sa.column("region_code", sa.String),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
    sa.column("address_withheld", sa.Boolean),
)
postal_codes = sa.table(
    "postal_codes",
    sa.column("code", sa.String),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
    sa.column("region_code", sa.String),
    sa.column("town", sa.String),
)
WITHHELD = sa.and_(groups.c.address_withheld.is_(True), groups.c.latitude.is_not(None))


def _count(table: sa.TableClause, *where: sa.ColumnElement[bool]) -> int:
    statement = sa.select(sa.func.count()).select_from(table).where(*where)
    return int(op.get_bind().execute(statement).scalar_one())


def _town_mean(column: sa.ColumnClause[float]) -> sa.ScalarSelect[float]:
    same_town = sa.and_(
        postal_codes.c.town == groups.c.city, postal_codes.c.region_code == groups.c.region_code
    )
    return sa.select(sa.func.avg(column)).where(same_town).scalar_subquery()


def upgrade() -> None:
    if _count(groups, WITHHELD) and not _count(postal_codes):
        # an older registry migrated straight here: the table is filled at start-up otherwise
        from regions.registry.search_index import postal_code_rows

        op.bulk_insert(postal_codes, postal_code_rows())
    op.execute(
        groups.update()
        .where(WITHHELD)
        .values(
            latitude=_town_mean(postal_codes.c.latitude),
            longitude=_town_mean(postal_codes.c.longitude),
        )
    )


def downgrade() -> None:
    pass  # the postal-code centroids are gone on purpose
