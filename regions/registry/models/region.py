"""The 16 Länder and the office that coordinates self-help support in each."""

from __future__ import annotations

from datetime import time

from sqlalchemy import ForeignKey, Integer, SmallInteger, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)  # ISO 3166-2, e.g. DE-BY
    name: Mapped[str] = mapped_column(String(60), unique=True)
    population: Mapped[int] = mapped_column(Integer)
    office_name: Mapped[str] = mapped_column(String(200))
    office_carrier: Mapped[str | None] = mapped_column(String(200))
    office_street: Mapped[str | None] = mapped_column(String(120))
    office_postal_code: Mapped[str | None] = mapped_column(String(5))
    office_city: Mapped[str | None] = mapped_column(String(80))
    office_website: Mapped[str | None] = mapped_column(String(200))
    office_email: Mapped[str | None] = mapped_column(String(200))
    office_phone: Mapped[str | None] = mapped_column(String(40))
    office_hours_note: Mapped[str | None] = mapped_column(String(200))  # "sowie nach Vereinbarung"


class CoordinationOfficeHours(Base):
    """When a Land's coordination office answers (SeKo Bayern's own, not a contact point's)."""

    __tablename__ = "coordination_office_hours"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    weekday: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # ISO: 1 = Monday
    opens: Mapped[time] = mapped_column(Time, primary_key=True)
    closes: Mapped[time] = mapped_column(Time)
