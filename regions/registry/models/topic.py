"""The keyword taxonomy: topics with a parent and German synonyms."""

from __future__ import annotations

from sqlalchemy import Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.registry.models.funding import CareDomain


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), index=True)
    # health-related or social self-help (decides the funding a group may apply for); null:
    # not classified
    care: Mapped[CareDomain | None] = mapped_column(Enum(CareDomain, native_enum=False))


class TopicSynonym(Base):
    __tablename__ = "topic_synonyms"

    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True)
    synonym: Mapped[str] = mapped_column(String(120), primary_key=True)
