"""Access control's own records: issued tokens, revocations by token id, the disclosure audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from regions.registry.models.base import Base
from regions.sources.moments import UtcDateTime


class IssuedToken(Base):
    """A token `shg tokens issue` handed out; the token itself is never stored."""

    __tablename__ = "issued_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), index=True)  # partner / office / person
    kind: Mapped[str] = mapped_column(String(20))
    scopes: Mapped[str] = mapped_column(String(500))  # space separated
    region_code: Mapped[str | None] = mapped_column(String(5))
    purpose: Mapped[str | None] = mapped_column(String(40))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class TokenRevocation(Base):
    """A revoked token id: refused by every replica from the next request on, until it expires."""

    __tablename__ = "token_revocations"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    revoked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reason: Mapped[str | None] = mapped_column(String(200))


class Disclosure(Base):
    """One protected value returned to a caller: who, with which token, why, what, when."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    disclosed_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    request_id: Mapped[str] = mapped_column(String(64), index=True)  # the server's own
    proxy_request_id: Mapped[str | None] = mapped_column(String(64))  # a trusted proxy's
    token_id: Mapped[str | None] = mapped_column(String(64), index=True)
    partner: Mapped[str | None] = mapped_column(String(200), index=True)
    caller_kind: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(200), index=True)  # the Relay global id
    object_type: Mapped[str] = mapped_column(String(60))
    field: Mapped[str] = mapped_column(String(80))
    region_code: Mapped[str | None] = mapped_column(String(5))
