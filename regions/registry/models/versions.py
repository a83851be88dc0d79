"""A version per source of data, bumped by every committed write to it: the response cache's
invalidation (graph/cache/). One row per source; the registry's is `registry`."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base


class SourceVersion(Base):
    __tablename__ = "source_versions"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
