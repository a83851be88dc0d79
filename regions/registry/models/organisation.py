"""Nationwide organisations, forums, platforms and institutions ("green" addresses)."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base, Provenance


class OrganisationKind(enum.Enum):
    ORGANISATION = "ORGANISATION"
    FORUM = "FORUM"
    PLATFORM = "PLATFORM"
    INSTITUTION = "INSTITUTION"


class OrganisationLevel(enum.Enum):
    BUND = "BUND"  # nationwide
    LAND = "LAND"  # one Land (its region_code)


class UmbrellaKind(enum.Enum):
    """Whether and how an organisation is an umbrella of others."""

    CROSS_CONDITION = "CROSS_CONDITION"  # indikationsübergreifend: BAG / LAG SELBSTHILFE
    CONDITION = "CONDITION"  # a condition's federation of member groups
    SUPPORT = "SUPPORT"  # of self-help support (DAG SHG, a Land's contact points' association)


class Organisation(Provenance, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[OrganisationKind] = mapped_column(Enum(OrganisationKind, native_enum=False))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(80))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    office_phone: Mapped[str | None] = mapped_column(String(40))
    office_email: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[OrganisationLevel] = mapped_column(
        Enum(OrganisationLevel, native_enum=False, length=10), server_default="BUND"
    )
    umbrella_kind: Mapped[UmbrellaKind | None] = mapped_column(
        Enum(UmbrellaKind, native_enum=False, length=20)
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # +1 per change


class OrganisationTopic(Base):
    __tablename__ = "organisation_topics"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True, index=True)


class OrganisationContact(Base):
    """Personal data: a named contact person of an organisation. Protected."""

    __tablename__ = "organisation_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
