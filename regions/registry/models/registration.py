"""What only a digital group's online registration has; the group itself is a `groups` row
in review state SUBMITTED until it is published."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class GroupRegistration(Base):
    __tablename__ = "group_registrations"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    tool: Mapped[str] = mapped_column(String(20))  # VIDEO, TELEPHONE, CHAT
    meeting_minutes: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # the admission criteria the group confirmed, and the data-protection notice it was shown
    no_professional_leadership: Mapped[bool] = mapped_column(Boolean)
    not_commercial: Mapped[bool] = mapped_column(Boolean)
    discloses_funding: Mapped[bool] = mapped_column(Boolean)
    neutral: Mapped[bool] = mapped_column(Boolean)
    confidentiality_agreed: Mapped[bool] = mapped_column(Boolean)
    notice_version: Mapped[str] = mapped_column(String(40))
    management_key_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex; the key never
    # the review
    contact_point_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    organisation_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    website_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewer_notes: Mapped[str | None] = mapped_column(Text)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    review_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
