"""The keys tokens are verified with: an HS256 secret, and RS256/ES256 public keys (PEM, JWKS)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from regions.sources.private_files import private_file, warn_if_shared

from ..settings import Settings

log = logging.getLogger(__name__)
HS256, RS256, ES256 = "HS256", "RS256", "ES256"
ASYMMETRIC = frozenset({RS256, ES256})
MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class PublicKey:
    algorithm: str
    kid: str | None
    key: Any


@dataclass(frozen=True)
class KeyRing:
    """What this process accepts: each algorithm only with keys of its own kind."""

    secret: bytes | None
    public: tuple[PublicKey, ...]

    @property
    def algorithms(self) -> frozenset[str]:
        algs = {key.algorithm for key in self.public}
        return frozenset(algs | ({HS256} if self.secret else set()))

    def keys_for(self, algorithm: str, kid: str | None) -> list[Any]:
        """The HS256 secret for HS256; public keys of that algorithm (matching kid if given)."""
        if algorithm == HS256:
            return [self.secret] if self.secret else []
        keys = [k for k in self.public if k.algorithm == algorithm]
        if kid is not None:
            keys = [k for k in keys if k.kid == kid]
        return [k.key for k in keys]


def algorithm_of(key: Any) -> str:
    """RS256 for RSA keys, ES256 for P-256 keys; anything else is refused."""
    if isinstance(key, rsa.RSAPublicKey | rsa.RSAPrivateKey):
        return RS256
    curve = getattr(key, "curve", None)
    if isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey) and isinstance(
        curve, ec.SECP256R1
    ):
        return ES256
    raise ValueError(f"unsupported key type {type(key).__name__}: use RSA or EC P-256")


def load_pem_public(path: Path) -> PublicKey:
    key = serialization.load_pem_public_key(path.read_bytes())
    return PublicKey(algorithm_of(key), path.stem, key)


def load_jwks(path: Path) -> list[PublicKey]:
    """The RS256/ES256 keys of a JWKS file; symmetric ("oct") keys are ignored on purpose."""
    keys = []
    for jwk in jwt.PyJWKSet.from_json(path.read_text(encoding="utf-8")).keys:
        if jwk.key_type == "oct" or jwk.algorithm_name not in ASYMMETRIC:
            continue
        keys.append(PublicKey(algorithm_of(jwk.key), jwk.key_id, jwk.key))
    return keys


def hs256_secret(settings: Settings, *, has_public_keys: bool) -> bytes | None:
    """The configured secret; in development without any key, a generated one under var/."""
    if settings.token_secret is not None:
        secret = settings.token_secret.get_secret_value().encode()
    elif settings.token_secret_file.exists():
        warn_if_shared(settings.token_secret_file)
        secret = settings.token_secret_file.read_bytes().strip()
    elif settings.development and not has_public_keys:
        secret = _generate(settings.token_secret_file)
    else:
        return None
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the HS256 token secret must be at least {MIN_SECRET_BYTES} bytes")
    return secret


def _generate(path: Path) -> bytes:
    """A new secret in a new file, mode 0600; another process's, if it was quicker."""
    secret = secrets.token_urlsafe(48).encode()
    if not private_file(path, secret):
        return path.read_bytes().strip()
    log.warning("generated a development token secret in %s (never use it in production)", path)
    return secret


def load_keyring(settings: Settings) -> KeyRing:
    public: list[PublicKey] = []
    for name in (settings.token_public_keys or "").split(","):
        if name.strip():
            public.append(load_pem_public(Path(name.strip())))
    if settings.token_jwks_file is not None:
        public.extend(load_jwks(settings.token_jwks_file))
    ring = KeyRing(hs256_secret(settings, has_public_keys=bool(public)), tuple(public))
    if not ring.algorithms:
        log.warning("no token keys configured: every request with a token is refused")
    return ring
