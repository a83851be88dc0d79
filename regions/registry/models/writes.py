"""The write path's own records: the change log and the results of idempotent mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class ChangeLogEntry(Base):
    """One change made through the API, written in the transaction that made it."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    request_id: Mapped[str] = mapped_column(String(64), index=True)  # the server's own
    token_id: Mapped[str | None] = mapped_column(String(64), index=True)
    actor: Mapped[str | None] = mapped_column(String(200), index=True)  # token subject
    caller_kind: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(200), index=True)  # Relay global id
    action: Mapped[str] = mapped_column(String(60))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)  # {field: {"old": .., "new": ..}}


class MutationResult(Base):
    """What an idempotent mutation answered, per caller and client mutation id: a retry gets
    it back, and the unique key stops two concurrent retries from both writing."""

    __tablename__ = "mutation_results"
    __table_args__ = (
        UniqueConstraint(
            "caller_key", "mutation", "client_mutation_id", name="uq_mutation_results"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    caller_key: Mapped[str] = mapped_column(String(200))  # token id, or the client address
    mutation: Mapped[str] = mapped_column(String(60))
    client_mutation_id: Mapped[str] = mapped_column(String(100))
    subject_id: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
