"""Contact mediation: a message from anyone to a group, contact point or rare-condition entry,
delivered by email without showing the sender the recipient's address.

Each request is its own outbox row (delivery state on the row): written in the transaction of
the change-log entry, sent by the deliverer, retried with backoff. The sender's personal data
(`reply_to`, `message`) is emptied after the retention period; the digests stay for the rate
limits and the blocks until then.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class ContactRequest(Base):
    __tablename__ = "contact_requests"
    __table_args__ = (
        Index("ix_contact_requests_sender", "sender_hash", "created_at"),
        Index("ix_contact_requests_recipient", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(String(200))  # the Relay global id
    subject_type: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(40))  # "nakos" or the region's code
    subject_key: Mapped[str] = mapped_column(String(40))
    sender_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 of the lowered address
    reply_to: Mapped[str | None] = mapped_column(String(254))  # personal: erased by retention
    message: Mapped[str | None] = mapped_column(Text)  # personal: erased by retention
    message_id: Mapped[str] = mapped_column(String(200), unique=True)  # the mail's Message-ID
    abuse_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    request_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    abuse_reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ContactBlock(Base):
    """A sender blocked after an abuse report: its address's digest, never the address."""

    __tablename__ = "contact_blocks"

    sender_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    blocked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    contact_request_id: Mapped[int | None] = mapped_column(Integer)
