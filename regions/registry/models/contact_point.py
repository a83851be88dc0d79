"""Local self-help contact points ("red" addresses): offices, branches, hours, staff."""

from __future__ import annotations

import enum
from datetime import time

from sqlalchemy import Boolean, Enum, Float, ForeignKey, Integer, SmallInteger, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base, Provenance


class ContactPointKind(enum.Enum):
    """What kind of support structure (the NAKOS definitions)."""

    CONTACT_POINT = "CONTACT_POINT"  # Selbsthilfekontaktstelle (main task, own staff)
    SUPPORT_POINT = "SUPPORT_POINT"  # Selbsthilfeunterstützungsstelle (smaller, part-time)
    BEING_SET_UP = "BEING_SET_UP"  # im Aufbau
    SECONDARY_TASK = "SECONDARY_TASK"  # Selbsthilfeunterstützung als Nebenaufgabe


class ContactPointService(enum.Enum):
    FOUNDING_HELP = "FOUNDING_HELP"
    GROUP_ROOMS = "GROUP_ROOMS"
    SUPERVISION = "SUPERVISION"
    EQUIPMENT_LENDING = "EQUIPMENT_LENDING"
    FUNDING_ADVICE = "FUNDING_ADVICE"
    PUBLIC_RELATIONS = "PUBLIC_RELATIONS"
    TRAINING = "TRAINING"
    NETWORKING = "NETWORKING"


class ContactPoint(Provenance, Base):
    __tablename__ = "contact_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    carrier: Mapped[str | None] = mapped_column(String(200))  # Träger
    main_office_id: Mapped[int | None] = mapped_column(ForeignKey("contact_points.id"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    street: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str] = mapped_column(String(5), index=True)
    city: Mapped[str] = mapped_column(String(80))
    latitude: Mapped[float] = mapped_column(Float, index=True)
    longitude: Mapped[float] = mapped_column(Float)
    office_phone: Mapped[str | None] = mapped_column(String(40))
    office_email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(200))
    office_hours_note: Mapped[str | None] = mapped_column(String(200))  # "nach Vereinbarung"
    kind: Mapped[ContactPointKind | None] = mapped_column(
        Enum(ContactPointKind, native_enum=False, length=20)
    )
    services: Mapped[str] = mapped_column(String(200), default="", server_default="")  # space sep.
    equipment: Mapped[str] = mapped_column(Text, default="", server_default="")  # "|"-separated
    by_appointment: Mapped[bool | None] = mapped_column(Boolean)
    accessibility_note: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[str | None] = mapped_column(String(40))  # space separated ISO 639-1
    fees_note: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # +1 per change


class OfficeHours(Base):
    __tablename__ = "contact_point_office_hours"

    contact_point_id: Mapped[int] = mapped_column(ForeignKey("contact_points.id"), primary_key=True)
    weekday: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # ISO: 1 = Monday
    opens: Mapped[time] = mapped_column(Time, primary_key=True)
    closes: Mapped[time] = mapped_column(Time)


class ServedDistrict(Base):
    __tablename__ = "contact_point_districts"

    contact_point_id: Mapped[int] = mapped_column(ForeignKey("contact_points.id"), primary_key=True)
    district: Mapped[str] = mapped_column(String(120), primary_key=True)


class ContactPointStaff(Base):
    """Personal data: a named member of a contact point's staff. Protected."""

    __tablename__ = "contact_point_staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_point_id: Mapped[int] = mapped_column(ForeignKey("contact_points.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
