"""Reference data search needs: postal-code centroids, and the topic vocabulary as stems."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base


class PostalCode(Base):
    """A German postal code's centroid and the Land (and town) it mostly lies in."""

    __tablename__ = "postal_codes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    town: Mapped[str | None] = mapped_column(String(80))


class TopicTermStem(Base):
    """One stem of one name or synonym of a topic (term 0 is the name), so a search text can
    be matched against the whole vocabulary with one indexed query."""

    __tablename__ = "topic_term_stems"

    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True)
    term_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    stem: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    stems_in_term: Mapped[int] = mapped_column(Integer)
