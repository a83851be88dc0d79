"""Verify a bearer token (signature, exp, nbf, iss, aud, required claims) and issue new ones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization

from ..settings import Settings
from .keys import HS256, KeyRing, algorithm_of

REQUIRED = ["exp", "iss", "aud", "sub", "jti"]


class TokenRejected(Exception):
    """A token that must not be honoured: answered with HTTP 401 and this message."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def verify(raw: str, ring: KeyRing, settings: Settings) -> dict[str, Any]:
    """The token's claims, or TokenRejected saying why not."""
    try:
        header = jwt.get_unverified_header(raw)
    except jwt.PyJWTError:
        raise TokenRejected("malformed", "The bearer token is not a well-formed JWT.") from None
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in ring.algorithms:
        raise TokenRejected("algorithm", f"Tokens signed with {algorithm!r} are not accepted.")
    kid = header.get("kid") if isinstance(header.get("kid"), str) else None
    keys = ring.keys_for(algorithm, kid)
    if not keys:
        raise TokenRejected("key", "The token names a signing key this service does not know.")
    for key in keys:
        try:
            return _decode(raw, key, algorithm, settings)
        except jwt.InvalidSignatureError:
            continue
    raise TokenRejected("signature", "The token's signature does not verify.")


def _decode(raw: str, key: Any, algorithm: str, settings: Settings) -> dict[str, Any]:
    try:
        return jwt.decode(
            raw,
            key,
            algorithms=[algorithm],
            audience=settings.token_audience,
            issuer=settings.token_issuer,
            leeway=settings.token_leeway_seconds,
            options={"require": REQUIRED},
        )
    except jwt.InvalidSignatureError:
        raise
    except jwt.ExpiredSignatureError:
        raise TokenRejected("expired", "The token has expired.") from None
    except jwt.ImmatureSignatureError:
        raise TokenRejected("not_yet_valid", "The token is not valid yet (nbf).") from None
    except jwt.InvalidAudienceError:
        raise TokenRejected("audience", "The token is meant for another audience.") from None
    except jwt.InvalidIssuerError:
        raise TokenRejected("issuer", "The token comes from an unknown issuer.") from None
    except jwt.MissingRequiredClaimError as error:
        raise TokenRejected("claims", f"The token lacks the '{error.claim}' claim.") from None
    except jwt.PyJWTError:
        raise TokenRejected("invalid", "The bearer token is invalid.") from None


def signing_key(settings: Settings, ring: KeyRing) -> tuple[Any, str, str | None]:
    """(key, algorithm, kid) `shg tokens issue` signs with: the private key file, else HS256."""
    path: Path | None = settings.token_private_key
    if path is not None:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        return key, algorithm_of(key), path.stem
    if ring.secret is None:
        raise ValueError("no signing key: set SHG_TOKEN_SECRET or SHG_TOKEN_PRIVATE_KEY")
    return ring.secret, HS256, None


def issue(
    settings: Settings,
    ring: KeyRing,
    claims: dict[str, Any],
    lifetime: timedelta,
    now: datetime | None = None,
) -> tuple[str, dict[str, Any]]:
    """A signed token with iss, aud, iat, nbf, exp and a fresh jti added to `claims`."""
    now = now or datetime.now(UTC)
    full = {
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
        **claims,
    }
    key, algorithm, kid = signing_key(settings, ring)
    headers = {"kid": kid} if kid else None
    return jwt.encode(full, key, algorithm=algorithm, headers=headers), full
