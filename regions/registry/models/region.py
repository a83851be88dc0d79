"""The 16 Länder and the office that coordinates self-help support in each."""

from __future__ import annotations

from sqlalchemy import Integer, String
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
