"""Reported corrections, and the outbox that forwards those for region-owned records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class Correction(Base):
    """Someone says a field of an object is wrong. For a registry object it waits here for the
    regional office of its Land or national staff (OPEN, then APPLIED or DISMISSED); for a
    region-owned group it is forwarded through the outbox (PENDING_DELIVERY, then DELIVERED,
    or REFUSED when the region answered no)."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(String(200), index=True)  # the Relay global id
    subject_type: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(40))  # "nakos" or the region's code
    subject_key: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(5), index=True)  # the object's Land
    field: Mapped[str] = mapped_column(String(60))
    proposed_value: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reporter_kind: Mapped[str] = mapped_column(String(20))
    reporter_token_id: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(200))  # the token's subject
    reason: Mapped[str | None] = mapped_column(Text)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)


class OutboxMessage(Base):
    """One operation owed to a region, written in the transaction that made it necessary and
    sent by the deliverer until the region has it (`delivered_at`) or refused it (`failed_at`).
    The `delivery_key` travels with every attempt, so a repeat stores nothing twice."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region: Mapped[str] = mapped_column(String(5), index=True)
    operation: Mapped[str] = mapped_column(String(40))  # "report_correction"
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    delivery_key: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
