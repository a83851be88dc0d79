"""Self-help groups: the national database of digital groups (regions add local ones)."""

from __future__ import annotations

import enum
from datetime import time

from sqlalchemy import Boolean, Enum, Float, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base, Provenance
from regions.sources.vocabulary import (
    Audience,
    ContactMode,
    GroupFormat,
    GroupReach,
    GroupStatus,
    ReviewState,
)


class DigitalTool(enum.Enum):
    VIDEO = "VIDEO"
    TELEPHONE = "TELEPHONE"
    CHAT = "CHAT"
    FORUM = "FORUM"
    MESSENGER = "MESSENGER"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20)


class Group(Provenance, Base):
    __tablename__ = "groups"
    # the listed groups (published, not ended) counted from the index alone: a `groups`
    # page's totalCount stays cheap at 10x data
    # and what a search near a place asks of every published group (its format, reach, Land
    # and place), read from one index: the digital groups that match anywhere are many
    __table_args__ = (
        Index("ix_groups_review_state_status", "review_state", "status"),
        Index(
            "ix_groups_search_place",
            "review_state",
            "status",
            "format",
            "reach",
            "region_code",
            "latitude",
            "longitude",
            "address_withheld",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[GroupStatus] = mapped_column(_enum(GroupStatus), index=True)
    review_state: Mapped[ReviewState] = mapped_column(_enum(ReviewState), index=True)
    format: Mapped[GroupFormat] = mapped_column(_enum(GroupFormat), index=True)
    reach: Mapped[GroupReach] = mapped_column(_enum(GroupReach), index=True)
    audience: Mapped[Audience] = mapped_column(_enum(Audience))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    contact_point_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact_points.id"), index=True
    )
    contact_mode: Mapped[ContactMode] = mapped_column(_enum(ContactMode))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(80))
    latitude: Mapped[float | None] = mapped_column(Float, index=True)
    longitude: Mapped[float | None] = mapped_column(Float)
    address_withheld: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_rule: Mapped[str | None] = mapped_column(String(120))  # RFC 5545 RRULE
    meeting_time: Mapped[time | None] = mapped_column(Time)
    meeting_note: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[str] = mapped_column(String(40), default="de")  # space separated ISO 639-1
    wheelchair_accessible: Mapped[bool | None] = mapped_column(Boolean)
    accessibility_note: Mapped[str | None] = mapped_column(String(200))
    open_for_new_members: Mapped[bool] = mapped_column(Boolean, index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    website: Mapped[str | None] = mapped_column(String(200))
    tool: Mapped[DigitalTool | None] = mapped_column(_enum(DigitalTool))
    meeting_minutes: Mapped[int | None] = mapped_column(Integer)
    group_size: Mapped[int | None] = mapped_column(Integer)  # usual number at a meeting
    # The digital-groups database's admission confirmations (None: not asked, e.g. local groups)
    no_professional_leadership: Mapped[bool | None] = mapped_column(Boolean)
    funding_disclosed: Mapped[bool | None] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # +1 per change


class GroupTopic(Base):
    __tablename__ = "group_topics"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True, index=True)


class GroupContact(Base):
    """Personal data: the group's contact person, and a digital group's meeting link. Protected."""

    __tablename__ = "group_contacts"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    meeting_link: Mapped[str | None] = mapped_column(String(300))
