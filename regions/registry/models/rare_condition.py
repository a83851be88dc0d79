"""Rare conditions and people looking for peers with them ("blue" addresses)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base, Provenance
from regions.sources.moments import UtcDateTime
from regions.sources.vocabulary import ReviewState


class SeekerRole(enum.Enum):
    AFFECTED = "AFFECTED"
    RELATIVE = "RELATIVE"


class RareCondition(Base):
    __tablename__ = "rare_conditions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    orpha_code: Mapped[int | None] = mapped_column(Integer)
    synonyms: Mapped[str] = mapped_column(Text, default="")  # "|"-separated
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"))
    # The entry that is the condition's nationwide contact (one per condition at most, by
    # construction); shown to later entries' readers while it is current and consented.
    # (No foreign key: the two tables would point at each other; the code that deletes an
    # entry clears this in the same transaction.)
    nationwide_contact_id: Mapped[int | None] = mapped_column(Integer)


class RareConditionSearch(Provenance, Base):
    __tablename__ = "rare_condition_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("rare_conditions.id"), index=True)
    seeking: Mapped[str] = mapped_column(Text)
    seeker_role: Mapped[SeekerRole] = mapped_column(Enum(SeekerRole, native_enum=False))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    since: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date, index=True)
    # Self-service (submitRareConditionSearch): public only once PUBLISHED by national staff;
    # entries made before it (and the demo's) are PUBLISHED.
    review_state: Mapped[ReviewState] = mapped_column(
        Enum(ReviewState, native_enum=False, length=20), index=True, server_default="PUBLISHED"
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    notice_version: Mapped[str | None] = mapped_column(String(40))
    management_key_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 hex
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reject_reason: Mapped[str | None] = mapped_column(Text)
    renewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class RareConditionPerson(Base):
    """Health data (GDPR art. 9): the person behind a search. Protected."""

    __tablename__ = "rare_condition_persons"

    search_id: Mapped[int] = mapped_column(
        ForeignKey("rare_condition_searches.id"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(80))
