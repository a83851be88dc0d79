"""Funding programmes for self-help groups (GKV under § 20h SGB V, a city's fund, ...) and
whether a topic is health-related or social, which decides what a group may apply for."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base, Provenance


class CareDomain(enum.Enum):
    HEALTH_RELATED = "HEALTH_RELATED"
    SOCIAL = "SOCIAL"


class FundingKind(enum.Enum):
    LUMP_SUM = "LUMP_SUM"
    PROJECT = "PROJECT"
    GRANT = "GRANT"


class FundingDeadlineKind(enum.Enum):
    SESSION = "SESSION"
    FINAL = "FINAL"


class FundingProgramme(Provenance, Base):
    __tablename__ = "funding_programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    funder: Mapped[str] = mapped_column(String(200))
    kind: Mapped[FundingKind] = mapped_column(Enum(FundingKind, native_enum=False))
    legal_basis: Mapped[str | None] = mapped_column(String(120))
    eligibility: Mapped[CareDomain] = mapped_column(Enum(CareDomain, native_enum=False), index=True)
    region_code: Mapped[str | None] = mapped_column(String(5), index=True)  # null: nationwide
    town: Mapped[str | None] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(Text)
    applications_all_year: Mapped[bool | None] = mapped_column(Boolean)
    sessions_per_year: Mapped[int | None] = mapped_column(SmallInteger)
    procedure: Mapped[str] = mapped_column(Text)
    procedure_url: Mapped[str | None] = mapped_column(String(300))
    source_text: Mapped[str] = mapped_column(Text)


class FundingDeadline(Base):
    __tablename__ = "funding_deadlines"

    programme_id: Mapped[int] = mapped_column(ForeignKey("funding_programmes.id"), primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    day: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    kind: Mapped[FundingDeadlineKind] = mapped_column(Enum(FundingDeadlineKind, native_enum=False))
    session: Mapped[int | None] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(Text)
