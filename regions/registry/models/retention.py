"""Legal holds: a record national staff keep beyond its retention period while a protectable
interest is being clarified (NAKOS guideline). `shg retention run` deletes nothing held."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class LegalHold(Base):
    __tablename__ = "legal_holds"
    __table_args__ = (Index("ix_legal_holds_subject", "subject_type", "subject_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # the record held: RareConditionSearch (an entry, whatever its state), Group (a registry
    # group and its contact), Correction; by type and key, and by the global id it was set on
    # (log rows naming that id are held too)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_key: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[str] = mapped_column(String(200), index=True)
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())
    set_by: Mapped[str | None] = mapped_column(String(200))
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cleared_by: Mapped[str | None] = mapped_column(String(200))
