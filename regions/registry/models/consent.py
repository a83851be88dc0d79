"""Consent records: who consented to what, when, through which channel, under which notice.

A consent is never a flag on the person's row: each one is a record, and withdrawing it sets
`withdrawn_at` (and its channel) on that record, so what was consented and until when stays
known. The access rules read these records on every request (a correlated EXISTS in the
statement that reads the objects, so a withdrawal is effective on the next request and costs
no extra statement).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class ConsentSubject(enum.Enum):
    """Whose consent: the kind of record holding the person's data."""

    RARE_CONDITION_ENTRY = "RARE_CONDITION_ENTRY"  # rare_condition_searches.id
    ORGANISATION_CONTACT = "ORGANISATION_CONTACT"  # organisation_contacts.id
    CONTACT_POINT_STAFF = "CONTACT_POINT_STAFF"  # contact_point_staff.id


class ConsentScope(enum.Enum):
    """What was consented to."""

    PUBLISH = "PUBLISH"  # the entry is listed (rare-condition entries)
    PASS_TO_PARTNERS = "PASS_TO_PARTNERS"  # contact data may go to partners (referral)
    NATIONWIDE_CONTACT = "NATIONWIDE_CONTACT"  # be the nationwide contact for the condition


class ConsentChannel(enum.Enum):
    """How the consent (or its withdrawal) reached the registry."""

    SELF_SERVICE = "SELF_SERVICE"  # the API's own form (the person, with their key)
    PAPER = "PAPER"  # a signed form
    PHONE = "PHONE"  # by phone to registry staff
    EMAIL = "EMAIL"  # by email to registry staff
    MIGRATED = "MIGRATED"  # converted from the former boolean `consent_to_partners`


class Consent(Base):
    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_subject", "subject_kind", "subject_id", "scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_kind: Mapped[ConsentSubject] = mapped_column(
        Enum(ConsentSubject, native_enum=False, length=30)
    )
    subject_id: Mapped[int] = mapped_column(Integer)
    scope: Mapped[ConsentScope] = mapped_column(Enum(ConsentScope, native_enum=False, length=30))
    given_at: Mapped[datetime] = mapped_column(UtcDateTime())
    channel: Mapped[ConsentChannel] = mapped_column(
        Enum(ConsentChannel, native_enum=False, length=20)
    )
    notice_version: Mapped[str] = mapped_column(String(40))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    withdrawal_channel: Mapped[ConsentChannel | None] = mapped_column(
        Enum(ConsentChannel, native_enum=False, length=20)
    )
